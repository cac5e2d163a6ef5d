package io.stickless.cache;

import io.stickless.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Scripts what happens around the next read a client sends to the real server, for races that need
 * a read to be slow or to answer from a lagging replica: deterministic, no sleeping.
 */
final class ScriptedCalls implements ExecutionInterceptor {

  private final AtomicReference<@Nullable Duration> slowNextRead = new AtomicReference<>();
  private final AtomicReference<@Nullable Map<String, AttributeValue>> laggingNextGet =
      new AtomicReference<>();
  private final AtomicBoolean loseNextConditionalPutResponse = new AtomicBoolean();
  private final MutableClock clock;

  ScriptedCalls(MutableClock clock) {
    this.clock = clock;
  }

  /** The next GetItem or BatchGetItem takes this long on the clock (it moves while it runs). */
  void slowNextRead(Duration duration) {
    slowNextRead.set(duration);
  }

  /** The next GetItem answers this item, as a replica that has not seen later writes would. */
  void laggingNextGet(Map<String, AttributeValue> staleItem) {
    laggingNextGet.set(staleItem);
  }

  /**
   * The next conditional PutItem succeeds on the server, but its response reaches the SDK as a 500,
   * as a response lost on the way would: the SDK retries the put.
   */
  void loseNextConditionalPutResponse() {
    loseNextConditionalPutResponse.set(true);
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutItemRequest put
        && put.conditionExpression() != null
        && loseNextConditionalPutResponse.compareAndSet(true, false)) {
      return context.httpResponse().toBuilder().statusCode(500).build();
    }
    return context.httpResponse();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (request instanceof GetItemRequest || request instanceof BatchGetItemRequest) {
      Duration slow = slowNextRead.getAndSet(null);
      if (slow != null) {
        clock.advance(slow);
      }
    }
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (context.response() instanceof GetItemResponse response) {
      Map<String, AttributeValue> stale = laggingNextGet.getAndSet(null);
      if (stale != null) {
        return response.toBuilder().item(stale).build();
      }
    }
    return context.response();
  }
}
