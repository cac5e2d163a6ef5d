package io.stickless.examples.mysfits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the DynamoDB calls a client sends, by operation name ("Scan", "GetItem", ...). */
final class CallCounter implements ExecutionInterceptor {

  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
  }

  long calls(String operation) {
    AtomicLong count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  long total() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void reset() {
    calls.clear();
  }
}
