package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.session.SessionStore;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Values a session cannot hold, on two nodes of one table: a value that is not serializable, one
 * that hides a non-serializable field, one made unserializable in place, one too large. Each gets a
 * clear answer on the node that was asked, and the session keeps its previous attributes, readable
 * on the other node and usable afterwards.
 */
@ExtendWith(LocalDynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UnstorableAttributesContract {

  private AppNode nodeA;
  private AppNode nodeB;
  private Browser browser;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger filterLogger = (Logger) LoggerFactory.getLogger(SessionFilter.class);

  abstract AppNode.Starter starter();

  @BeforeAll
  void startTwoNodes(TestTable table) throws Exception {
    table.createWithTutorialSchema();
    nodeA = starter().start(installer(table), Map.of());
    nodeB = starter().start(installer(table), Map.of());
    filterLogger.addAppender(logs);
    logs.start();
  }

  private static ServletContainerInitializer installer(TestTable table) {
    SessionStore store = SessionStore.builder(table.client(), table.name()).build();
    return (classes, context) -> {
      FilterRegistration.Dynamic f =
          context.addFilter("stickless", SessionFilter.builder(store).build());
      f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
      TestApp.addServlet(context);
      context.addServlet("unstorable", new UnstorableServlet()).addMapping("/unstorable/*");
    };
  }

  @AfterAll
  void stop() {
    filterLogger.detachAppender(logs);
    nodeA.close();
    nodeB.close();
  }

  /** A session with a string and a list, written on node A. */
  @BeforeEach
  void aSessionWithTwoAttributes() {
    browser = new Browser();
    assertThat(browser.get(nodeA, "/set?name=color&value=blue").status()).isEqualTo(200);
    assertThat(browser.get(nodeA, "/unstorable/cart?item=apple").body()).isEqualTo("[apple]");
    logs.list.clear();
  }

  @AfterEach
  void theSessionIsIntactOnTheOtherNodeAndStillUsable() {
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("blue");
    assertThat(browser.get(nodeB, "/unstorable/cart").body()).isEqualTo("[apple]");
    assertThat(browser.get(nodeB, "/get?name=thing").body()).isEqualTo("null");
    assertThat(browser.get(nodeA, "/set?name=color&value=green").status()).isEqualTo(200);
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("green");
  }

  @Test
  void aNonSerializableValueIsRefusedAtSetAttributeWithItsNameAndClass() {
    Browser.Reply reply = browser.get(nodeA, "/unstorable/object?catch=1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .startsWith("refused: ")
        .contains("'thing'")
        .contains("java.lang.Object")
        .contains("not Serializable");
    assertThat(errors()).as("the application handled it; nothing for the filter to say").isEmpty();
  }

  @Test
  void aNonSerializableValueTheApplicationDoesNotCatchIsTheApplicationsOwn500() {
    Browser.Reply reply = browser.get(nodeA, "/unstorable/object");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body())
        .as("the container reports the application's exception, not a store problem")
        .isNotEqualTo(SessionCommitter.NOT_STORABLE_BODY)
        .doesNotContain("503");
    assertThat(errors()).as("no session change was lost").isEmpty();
  }

  /**
   * At the end of the request, and at the early save before a flush. The request also changes
   * color: its changes are saved all together or not at all.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/unstorable/holder?color=red", "/unstorable/holder?color=red&flush=1"})
  void aValueHidingANonSerializableFieldAnswersAPlain500AndSavesNothing(String path) {
    assertNotStorable(browser.get(nodeA, path), "'thing'", "Holder", "java.lang.Object");
  }

  @Test
  void aValueMadeUnserializableInPlaceAnswersAPlain500AndTheStoredValueStays() {
    Browser.Reply reply = browser.get(nodeA, "/unstorable/poison-cart");

    assertNotStorable(reply, "'cart'", "java.util.ArrayList", "java.lang.Object");
  }

  @Test
  void aValueTooLargeAnswersAPlain500AndSavesNothing() {
    Browser.Reply reply = browser.get(nodeA, "/set-huge?name=thing");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo(SessionCommitter.TOO_LARGE_BODY);
    assertThat(errors())
        .singleElement()
        .asString()
        .contains("answering 500", "'thing' (")
        .doesNotContain("VALUE-");
  }

  private void assertNotStorable(Browser.Reply reply, String... named) {
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo(SessionCommitter.NOT_STORABLE_BODY);
    assertThat(errors())
        .as("one ERROR naming the attribute and the classes, never the value or the id")
        .singleElement()
        .asString()
        .contains("Session not saved, answering 500")
        .contains(named)
        .doesNotContain("could no longer")
        .doesNotContain("SECRET")
        .doesNotContain(String.valueOf(browser.cookie()));
  }

  private List<String> errors() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** Serializable itself, but holding something that is not. */
  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final String secret = "SECRET";
    final Object inner = new Object();
  }

  static final class UnstorableServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain;charset=UTF-8");
      HttpSession session = req.getSession();
      switch (req.getPathInfo()) {
        case "/cart" -> {
          @SuppressWarnings("unchecked")
          List<Object> cart = (List<Object>) session.getAttribute("cart");
          if (req.getParameter("item") != null) {
            cart = cart == null ? new ArrayList<>() : cart;
            cart.add(req.getParameter("item"));
            session.setAttribute("cart", cart);
          }
          resp.getWriter().print(cart);
        }
        case "/object" -> {
          try {
            session.setAttribute("thing", new Object());
            resp.getWriter().print("accepted");
          } catch (IllegalArgumentException e) {
            if (req.getParameter("catch") == null) {
              throw e;
            }
            resp.getWriter().print("refused: " + e.getMessage());
          }
        }
        case "/holder" -> {
          session.setAttribute("color", req.getParameter("color"));
          session.setAttribute("thing", new Holder());
          resp.getWriter().print("set thing");
          if (req.getParameter("flush") != null) {
            resp.flushBuffer();
          }
        }
        case "/poison-cart" -> {
          @SuppressWarnings("unchecked")
          List<Object> cart = (List<Object>) session.getAttribute("cart");
          cart.add(new Object());
          resp.getWriter().print("poisoned");
        }
        default -> resp.sendError(404);
      }
    }
  }
}
