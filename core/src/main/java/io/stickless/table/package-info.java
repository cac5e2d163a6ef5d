/**
 * The DynamoDB table Stickless keeps sessions and cache entries in: its {@link
 * io.stickless.table.TableSpec spec} (name, String hash key, Number TTL attribute), and the
 * start-up check or creation of it by {@link io.stickless.table.DynamoDbTables} in a {@link
 * io.stickless.table.TableMode}.
 *
 * <pre>{@code
 * DynamoDbTables.prepare(dynamoDb, TableSpec.of("app-sessions"), TableMode.VALIDATE);
 * }</pre>
 *
 * <p>The default schema is the tutorial's: hash key {@code key} (S), TTL attribute {@code ttl} (N,
 * epoch seconds), on-demand billing. The AWS CLI commands that make it:
 *
 * <pre>
 * aws dynamodb create-table --table-name app-sessions \
 *     --attribute-definitions AttributeName=key,AttributeType=S \
 *     --key-schema AttributeName=key,KeyType=HASH --billing-mode PAY_PER_REQUEST
 * aws dynamodb update-time-to-live --table-name app-sessions \
 *     --time-to-live-specification Enabled=true,AttributeName=ttl
 * </pre>
 */
@NullMarked
package io.stickless.table;

import org.jspecify.annotations.NullMarked;
