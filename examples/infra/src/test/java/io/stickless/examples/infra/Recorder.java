package io.stickless.examples.infra;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK interceptor that records each DynamoDB operation a client sends and the table or index it
 * addresses, as the {@link Grant} an IAM policy needs for it. Recorded before the call is sent, so
 * an operation the local DynamoDB rejects (dynalite has no UpdateTimeToLive) still counts.
 */
final class Recorder implements ExecutionInterceptor {

  static final String STICKLESS = "stickless";
  static final String MYSFITS = "mysfits";

  private final Map<String, String> roles;
  private final Set<Grant> grants = ConcurrentHashMap.newKeySet();

  /** A recorder naming each table by its role: test-unique table name to role. */
  Recorder(Map<String, String> roles) {
    this.roles = roles;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String action = "dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    SdkRequest request = context.request();
    request
        .getValueForField("TableName", String.class)
        .ifPresent(
            table -> {
              String index = request.getValueForField("IndexName", String.class).orElse(null);
              grants.add(new Grant(action, role(table) + (index == null ? "" : "/index/" + index)));
            });
    request
        .getValueForField("RequestItems", Map.class)
        .ifPresent(
            items -> items.keySet().forEach(t -> grants.add(new Grant(action, role((String) t)))));
  }

  private String role(String table) {
    String role = roles.get(table);
    if (role == null) {
      throw new AssertionError("a call on table '" + table + "', which has no role in this test");
    }
    return role;
  }

  Set<Grant> grants() {
    return Set.copyOf(grants);
  }
}
