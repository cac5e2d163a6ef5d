/**
 * A TTL cache on DynamoDB with an optional in-process near cache: {@link
 * io.stickless.cache.TtlCache}, built with {@link io.stickless.cache.TtlCache#builder}, values
 * encoded by a {@link io.stickless.cache.ValueCodec}, counted in {@link
 * io.stickless.cache.CacheStats}. {@link io.stickless.cache.TtlCache#inMemory()} builds the
 * in-memory implementation of the same contract, for unit tests.
 */
@NullMarked
package io.stickless.cache;

import org.jspecify.annotations.NullMarked;
