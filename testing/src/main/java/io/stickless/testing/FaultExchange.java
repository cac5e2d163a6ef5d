package io.stickless.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One attempt of one DynamoDB call as it passes through {@link DynamoDbFaultProxy}: the operation,
 * the request, and the way on to the next rule or to DynamoDB. A {@link FaultRule} looks at it and
 * either answers itself or calls {@link #proceed()}.
 */
public final class FaultExchange {

  /** Sends a request body to the upstream server and returns its answer. */
  interface Upstream {
    FaultAnswer send(Map<String, String> headers, byte[] body)
        throws IOException, InterruptedException;
  }

  private final String operation;
  private final Map<String, String> headers;
  private final byte[] body;
  private final long attempt;
  private final Random random;
  private final List<FaultRule> rules;
  private final int next;
  private final Upstream upstream;
  private final Runnable onProceed;

  FaultExchange(
      String operation,
      Map<String, String> headers,
      byte[] body,
      long attempt,
      Random random,
      List<FaultRule> rules,
      int next,
      Upstream upstream,
      Runnable onProceed) {
    this.operation = operation;
    this.headers = headers;
    this.body = body;
    this.attempt = attempt;
    this.random = random;
    this.rules = rules;
    this.next = next;
    this.upstream = upstream;
    this.onProceed = onProceed;
  }

  /** This exchange, telling {@code listener} when a rule passes it on (for {@code times}). */
  FaultExchange onProceed(Runnable listener) {
    Runnable before = onProceed;
    return new FaultExchange(
        operation,
        headers,
        body,
        attempt,
        random,
        rules,
        next,
        upstream,
        () -> {
          before.run();
          listener.run();
        });
  }

  /**
   * The DynamoDB operation, from the {@code X-Amz-Target} header ({@code DynamoDB_20120810.GetItem}
   * gives {@code GetItem}); empty when the header is missing.
   */
  public String operation() {
    return operation;
  }

  /** A request header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The request body (DynamoDB's JSON). */
  public byte[] body() {
    return body.clone();
  }

  /** The request body as UTF-8 text. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Which attempt of this operation this is since the proxy started or its counts were reset
   * (1-based).
   */
  public long attempt() {
    return attempt;
  }

  /** The proxy's random source (seeded with {@link DynamoDbFaultProxy#seed(long)}). */
  public Random random() {
    return random;
  }

  /** Passes the attempt on to the next rule, or to DynamoDB after the last one. */
  public FaultAnswer proceed() throws IOException, InterruptedException {
    onProceed.run();
    if (next < rules.size()) {
      return rules
          .get(next)
          .handle(
              new FaultExchange(
                  operation, headers, body, attempt, random, rules, next + 1, upstream, () -> {}));
    }
    return upstream.send(headers, body);
  }

  /**
   * Sends another request body straight to DynamoDB, skipping the remaining rules (e.g. a rule that
   * reads from another table to answer with stale data).
   */
  public FaultAnswer forward(String newBody) throws IOException, InterruptedException {
    onProceed.run();
    return upstream.send(headers, newBody.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends another call straight to DynamoDB, skipping the remaining rules: the operation (e.g.
   * {@code Query}) and its JSON body.
   */
  public FaultAnswer forward(String newOperation, String newBody)
      throws IOException, InterruptedException {
    onProceed.run();
    Map<String, String> h = new HashMap<>(headers);
    h.put("x-amz-target", DynamoDbFaultProxy.TARGET_PREFIX + newOperation);
    return upstream.send(h, newBody.getBytes(StandardCharsets.UTF_8));
  }
}
