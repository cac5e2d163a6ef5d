package io.stickless.testing;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A {@link FaultRule} that gives eventually consistent {@code GetItem}s what DynamoDB may give
 * them: the item as it was up to a lag ago. dynalite is always consistent, so without this rule a
 * test can never see a stale read.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingNow();
 * StaleReads stale = StaleReads.upTo(Duration.ofMillis(500), clock);
 * proxy.add(stale);
 * client.putItem(...);                          // v1
 * client.updateItem(...);                       // v2
 * client.getItem(b -> b.consistentRead(false)); // answers v1 (the item half a second ago)
 * client.getItem(b -> b.consistentRead(true));  // answers v2
 * clock.advance(Duration.ofMillis(501));
 * client.getItem(b -> b.consistentRead(false)); // answers v2
 * }</pre>
 *
 * <p>It always answers with the <em>oldest</em> state inside the window (the worst case DynamoDB
 * allows), deterministically: before it passes a {@code PutItem}, {@code UpdateItem} or {@code
 * DeleteItem} on, it reads the item's current state (a strongly consistent {@code GetItem} straight
 * to DynamoDB, not counted by the client) and remembers it with the time of the write; an
 * eventually consistent {@code GetItem} of an item written within the lag is answered with the
 * state before the earliest such write (an empty answer if the item did not exist), with the
 * consumed capacity DynamoDB reported for the real read. Strongly consistent reads and items not
 * written within the lag pass through. Keys are read from {@code Key}, or from the item's key
 * attribute ({@code key} unless {@link #keyAttribute(String)} says otherwise) for {@code PutItem}.
 * Batch and query reads are not made stale. Thread-safe.
 */
public final class StaleReads implements FaultRule {

  private record Write(long atMillis, String before) {}

  private final Duration lag;
  private final Clock clock;
  private final String keyAttribute;
  private final Map<String, Deque<Write>> recent = new ConcurrentHashMap<>();
  private final AtomicLong staleAnswers = new AtomicLong();

  private StaleReads(Duration lag, Clock clock, String keyAttribute) {
    this.lag = lag;
    this.clock = clock;
    this.keyAttribute = keyAttribute;
  }

  /**
   * Eventually consistent reads see items as they were {@code lag} ago, by {@code clock} (a {@link
   * MutableClock} lets a test end the window without sleeping).
   *
   * @throws IllegalArgumentException when {@code lag} is negative
   */
  public static StaleReads upTo(Duration lag, Clock clock) {
    Objects.requireNonNull(lag, "lag");
    if (lag.isNegative()) {
      throw new IllegalArgumentException("lag must not be negative, was " + lag);
    }
    return new StaleReads(lag, Objects.requireNonNull(clock, "clock"), "key");
  }

  /** The same rule for a table whose hash key is {@code name} (for {@code PutItem}'s item). */
  public StaleReads keyAttribute(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("keyAttribute must not be blank");
    }
    return new StaleReads(lag, clock, name);
  }

  /** Eventually consistent reads answered with an older state than DynamoDB's current one. */
  public long staleAnswers() {
    return staleAnswers.get();
  }

  @Override
  public FaultAnswer handle(FaultExchange exchange) throws IOException, InterruptedException {
    return switch (exchange.operation()) {
      case "PutItem", "UpdateItem", "DeleteItem" -> write(exchange);
      case "GetItem" -> read(exchange);
      default -> exchange.proceed();
    };
  }

  private FaultAnswer write(FaultExchange exchange) throws IOException, InterruptedException {
    JsonNode request = JsonNode.parser().parse(exchange.bodyAsString());
    Optional<String> id = itemId(request, exchange.operation());
    if (id.isEmpty()) {
      return exchange.proceed();
    }
    String table = request.field("TableName").map(JsonNode::asString).orElseThrow();
    String key = keyOf(request, exchange.operation()).orElseThrow().toString();
    FaultAnswer current =
        exchange.forward(
            "GetItem",
            "{\"TableName\":" + quote(table) + ",\"Key\":" + key + ",\"ConsistentRead\":true}");
    FaultAnswer answer = exchange.proceed();
    if (current.status() == 200 && answer.status() == 200) {
      String before =
          JsonNode.parser().parse(current.body()).field("Item").map(JsonNode::toString).orElse("");
      long now = clock.millis();
      Deque<Write> writes = recent.computeIfAbsent(id.get(), k -> new ArrayDeque<>());
      synchronized (writes) {
        prune(writes, now);
        writes.addLast(new Write(now, before));
      }
    }
    return answer;
  }

  private FaultAnswer read(FaultExchange exchange) throws IOException, InterruptedException {
    JsonNode request = JsonNode.parser().parse(exchange.bodyAsString());
    boolean consistent = request.field("ConsistentRead").map(JsonNode::asBoolean).orElse(false);
    Optional<String> id = itemId(request, "GetItem");
    if (consistent || id.isEmpty()) {
      return exchange.proceed();
    }
    Deque<Write> writes = recent.get(id.get());
    String before = null;
    if (writes != null) {
      synchronized (writes) {
        prune(writes, clock.millis());
        if (!writes.isEmpty()) {
          before = writes.peekFirst().before();
        }
      }
    }
    FaultAnswer answer = exchange.proceed();
    if (before == null || answer.status() != 200) {
      return answer;
    }
    staleAnswers.incrementAndGet();
    Optional<JsonNode> capacity = JsonNode.parser().parse(answer.body()).field("ConsumedCapacity");
    StringBuilder body = new StringBuilder("{");
    if (!before.isEmpty()) {
      body.append("\"Item\":").append(before);
    }
    if (capacity.isPresent()) {
      body.append(before.isEmpty() ? "" : ",")
          .append("\"ConsumedCapacity\":")
          .append(capacity.get());
    }
    return answer.withBody(body.append('}').toString());
  }

  private void prune(Deque<Write> writes, long now) {
    long oldest = now - lag.toMillis();
    while (!writes.isEmpty() && writes.peekFirst().atMillis() < oldest) {
      writes.removeFirst();
    }
  }

  private Optional<JsonNode> keyOf(JsonNode request, String operation) {
    if (operation.equals("PutItem")) {
      return request
          .field("Item")
          .flatMap(item -> item.field(keyAttribute))
          .map(
              value ->
                  JsonNode.parser()
                      .parse("{" + quote(keyAttribute) + ":" + value.toString() + "}"));
    }
    return request.field("Key");
  }

  private Optional<String> itemId(JsonNode request, String operation) {
    Optional<String> table = request.field("TableName").map(JsonNode::asString);
    Optional<JsonNode> key = keyOf(request, operation);
    if (table.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    // a canonical form of the key: attribute names sorted
    StringBuilder id = new StringBuilder(table.get()).append('\n');
    key.get().asObject().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> id.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    return Optional.of(id.toString());
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
