package io.stickless.spring;

import io.stickless.table.TableSpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The table the auto-configured store and caches use, prepared (validated or created) once. */
record SticklessTable(DynamoDbClient client, TableSpec spec) {}
