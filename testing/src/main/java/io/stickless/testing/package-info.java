/**
 * A local DynamoDB API (dynalite on Node.js) for tests and demos, a JUnit 5 extension that shares
 * one server per test run, and a fault-injecting proxy that makes it slow, throttled, failing or
 * unreachable on demand.
 *
 * @see io.stickless.testing.LocalDynamoDb
 * @see io.stickless.testing.LocalDynamoDbExtension
 * @see io.stickless.testing.DynamoDbFaultProxy
 */
package io.stickless.testing;
