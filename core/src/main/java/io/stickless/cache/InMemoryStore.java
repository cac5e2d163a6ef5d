package io.stickless.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The "table" of in-memory caches: items by stored key. Caches built on one store share it. */
final class InMemoryStore {

  final ConcurrentHashMap<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
}
