/**
 * Stickless: HTTP sessions and cache entries in one Amazon DynamoDB table with TTL. This package
 * holds what every part shares: the exception tree rooted at {@link
 * io.stickless.SticklessException}, {@link io.stickless.DynamoDbUsage}, the count of calls and
 * consumed capacity, and the request path's DynamoDB client: {@link
 * io.stickless.DynamoDbRequestPath} (every call bounded in time) with {@link
 * io.stickless.DynamoDbRetry} (its retry strategy).
 */
@NullMarked
package io.stickless;

import org.jspecify.annotations.NullMarked;
