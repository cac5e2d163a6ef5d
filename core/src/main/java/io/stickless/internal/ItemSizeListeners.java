package io.stickless.internal;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item-size listeners of a store or a cache ({@code addItemSizeListener} on their builders),
 * told the size of each item after it was written. A failing listener is logged and never fails the
 * write, which has already happened. Internal: not part of the Stickless API.
 */
public final class ItemSizeListeners {

  private static final Logger log = LoggerFactory.getLogger(ItemSizeListeners.class);

  private final List<LongConsumer> listeners;

  /** These listeners, copied. */
  public ItemSizeListeners(List<LongConsumer> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** Whether there is no listener (so an item need not even be built to be measured). */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** Tells every listener the size of {@code item} (not even computed when there is none). */
  public void written(Map<String, AttributeValue> item) {
    if (!listeners.isEmpty()) {
      written(ItemSizes.itemSize(item));
    }
  }

  /** Tells every listener that an item of {@code bytes} was written. */
  public void written(long bytes) {
    for (LongConsumer listener : listeners) {
      try {
        listener.accept(bytes);
      } catch (RuntimeException e) {
        log.warn("An item-size listener failed (the write itself succeeded): {}", listener, e);
      }
    }
  }
}
