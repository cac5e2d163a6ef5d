/**
 * A local DynamoDB API (dynalite on Node.js) for tests and demos, and a JUnit 5 extension that
 * shares one server per test run.
 *
 * @see io.stickless.testing.LocalDynamoDb
 * @see io.stickless.testing.LocalDynamoDbExtension
 */
package io.stickless.testing;
