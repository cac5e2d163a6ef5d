package io.stickless.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * JUnit 5 extension: one {@link LocalDynamoDb} per test run (shared by every class, stopped when
 * the run ends), a unique {@link TestTable} name per test class.
 *
 * <pre>{@code
 * @ExtendWith(LocalDynamoDbExtension.class)
 * class MyStoreTest {
 *   @Test
 *   void roundTrip(DynamoDbClient client, TestTable table) {
 *     table.createWithTutorialSchema();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Resolves parameters of type {@link LocalDynamoDb}, {@link DynamoDbClient} (the server's shared
 * client: do not close it) and {@link TestTable}, in constructors, lifecycle and test methods.
 */
public final class LocalDynamoDbExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalDynamoDbExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalDynamoDb.class || type == DynamoDbClient.class || type == TestTable.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    LocalDynamoDb server = server(context);
    if (type == LocalDynamoDb.class) {
      return server;
    }
    if (type == DynamoDbClient.class) {
      return server.client();
    }
    if (type == TestTable.class) {
      Class<?> testClass =
          context
              .getTestClass()
              .orElseThrow(() -> new ParameterResolutionException("TestTable needs a test class"));
      ExtensionContext classContext = classContext(context);
      return classContext
          .getStore(NAMESPACE)
          .computeIfAbsent(
              TestTable.class,
              k -> new TestTable(LocalDynamoDb.uniqueTableName(testClass.getSimpleName()), server),
              TestTable.class);
    }
    throw new ParameterResolutionException("Unsupported parameter " + parameter);
  }

  /** The run-wide server: held in the root store, which closes it when the run ends. */
  static LocalDynamoDb server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(LocalDynamoDb.class, k -> new SharedServer(), SharedServer.class)
        .server;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** Closes the JVM-wide shared server when JUnit closes the root store at the end of the run. */
  private static final class SharedServer implements AutoCloseable {
    final LocalDynamoDb server = LocalDynamoDb.shared();

    @Override
    public void close() {
      server.close();
    }
  }
}
