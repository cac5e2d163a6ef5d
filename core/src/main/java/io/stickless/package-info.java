/**
 * Stickless: HTTP sessions and cache entries in one Amazon DynamoDB table with TTL. This package
 * holds what every part shares: the exception tree rooted at {@link
 * io.stickless.SticklessException} and {@link io.stickless.DynamoDbUsage}, the count of calls and
 * consumed capacity.
 */
@NullMarked
package io.stickless;

import org.jspecify.annotations.NullMarked;
