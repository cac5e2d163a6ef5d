/**
 * Shared implementation of the cache and the session store: the DynamoDB access layer, the expiry
 * check, item-size accounting, the value envelope (compression) and guarded Java serialization.
 *
 * <p><strong>Not API.</strong> Its types are public only so {@code io.stickless.cache} and {@code
 * io.stickless.session} can share one implementation; the {@code io.stickless.core} module does not
 * export this package, and it may change in any release.
 */
@NullMarked
package io.stickless.internal;

import org.jspecify.annotations.NullMarked;
