package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-request session logic against the in-memory reference store, without a container. */
class RequestSessionsTest {

  private final SessionStore store = SessionStore.inMemory().build();
  private final RecordingListener listener = new RecordingListener();
  private final FilterParts parts = Fakes.parts(store, listener);

  private String existingSession(String name, String value) {
    StoredSession s = store.createSession();
    s.setAttribute(name, value);
    store.save(s);
    return s.getId();
  }

  @Test
  void aRequestThatNeverAsksForTheSessionMakesNoStoreCallAndWritesNoCookie() {
    String id = existingSession("a", "1");
    long before = store.stats().usage().totalCalls();
    Fakes.Request request = new Fakes.Request().cookie("SESSION", id);
    Fakes.Response response = new Fakes.Response();

    RequestSessions sessions = new RequestSessions(parts, request.proxy());
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.stats().usage().totalCalls()).isEqualTo(before);
    assertThat(response.headers).isEmpty();
    assertThat(sessions.requestedId()).isEqualTo(id);
  }

  @Test
  void aNewSessionIsWrittenOnceAndItsCookieSentOnce() {
    Fakes.Request request = new Fakes.Request();
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    HttpSession session = sessions.getSession(true, response.proxy());
    session.setAttribute("a", "1");
    sessions.commit(request.proxy(), response.proxy(), false);
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.stats().sessionsCreated()).isEqualTo(1);
    assertThat(response.headers("Set-Cookie"))
        .hasSize(1)
        .first()
        .asString()
        .startsWith("SESSION=" + session.getId() + ";");
    assertThat(store.findById(session.getId()).getAttribute("a")).isEqualTo("1");
    assertThat(listener.events).containsExactly("created", "added a=1");
  }

  @Test
  void getSessionFalseWithoutACookieIsNullAndFree() {
    Fakes.Request request = new Fakes.Request();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    assertThat(sessions.getSession(false, new Fakes.Response().proxy())).isNull();
    assertThat(store.stats().usage().totalCalls()).isZero();
  }

  @Test
  void aMalformedCookieIsNeverLookedUpAndIsReplacedWhenASessionIsMade() {
    Fakes.Request request = new Fakes.Request().cookie("SESSION", "forged!");
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    HttpSession session = sessions.getSession(true, response.proxy());
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.stats().usage().calls(io.stickless.DynamoDbUsage.Operation.GET_ITEM)).isZero();
    assertThat(session.isNew()).isTrue();
    assertThat(response.headers("Set-Cookie"))
        .singleElement()
        .asString()
        .startsWith("SESSION=" + session.getId());
  }

  @Test
  void anUnknownCookieAskedAboutButNotReplacedIsExpired() {
    Fakes.Request request =
        new Fakes.Request().cookie("SESSION", io.stickless.session.SessionIds.generate());
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    assertThat(sessions.getSession(false, response.proxy())).isNull();
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(response.headers("Set-Cookie")).singleElement().asString().contains("Max-Age=0");
  }

  @Test
  void invalidateDeletesFiresDestroyedAndExpiresTheCookie() {
    String id = existingSession("user", "bob");
    Fakes.Request request = new Fakes.Request().cookie("SESSION", id);
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    HttpSession session = sessions.getSession(false, response.proxy());
    session.invalidate();
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.findById(id)).isNull();
    assertThat(listener.events).containsExactly("destroyed user=bob", "removed user=bob");
    assertThat(response.headers("Set-Cookie")).singleElement().asString().startsWith("SESSION=;");
    assertThatThrownBy(() -> session.getAttribute("user"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sessions.getSession(false, response.proxy())).isNull();
  }

  @Test
  void changeSessionIdWithoutASessionIsAnIllegalState() {
    RequestSessions sessions = new RequestSessions(parts, new Fakes.Request().proxy());

    assertThatThrownBy(() -> sessions.changeSessionId(new Fakes.Response().proxy()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("getSession()");
  }

  @Test
  void anAccessorReachesTheSessionAfterItsRequestEndedAndFailsOnceItIsGone() {
    Fakes.Request request = new Fakes.Request();
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());
    HttpSession session = sessions.getSession(true, response.proxy());
    HttpSession.Accessor accessor = session.getAccessor();
    sessions.commit(request.proxy(), response.proxy(), true);

    accessor.access(s -> s.setAttribute("from", "websocket"));

    assertThat(store.findById(session.getId()).getAttribute("from")).isEqualTo("websocket");
    store.deleteById(session.getId());
    assertThatThrownBy(() -> accessor.access(s -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer valid");
  }

  @Test
  void aSessionCannotBeCreatedOnceTheResponseIsCommitted() {
    RequestSessions sessions = new RequestSessions(parts, new Fakes.Request().proxy());
    jakarta.servlet.http.HttpServletResponse committed =
        (jakarta.servlet.http.HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletResponse.class},
                (p, m, a) -> m.getName().equals("isCommitted") ? Boolean.TRUE : null);

    assertThatThrownBy(() -> sessions.getSession(true, committed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("committed");
  }

  @Test
  void aNewSessionSavedEarlyThenInvalidatedIsDeletedAndNeverWrittenAgain() {
    Fakes.Request request = new Fakes.Request();
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());
    HttpSession session = sessions.getSession(true, response.proxy());
    session.setAttribute("a", "1");
    sessions.commit(request.proxy(), response.proxy(), false);
    String id = session.getId();
    assertThat(store.findById(id)).isNotNull();

    session.invalidate();
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.findById(id)).isNull();
    assertThat(store.stats().sessionsCreated()).isEqualTo(1);
  }

  @Test
  void aNewSessionInvalidatedBeforeAnySaveMakesNoStoreCall() {
    long before = store.stats().usage().totalCalls();
    Fakes.Request request = new Fakes.Request();
    Fakes.Response response = new Fakes.Response();
    RequestSessions sessions = new RequestSessions(parts, request.proxy());

    sessions.getSession(true, response.proxy()).invalidate();
    sessions.commit(request.proxy(), response.proxy(), true);

    assertThat(store.stats().usage().totalCalls()).isEqualTo(before);
    assertThat(store.stats().sessionsCreated()).isZero();
  }

  @Test
  void listenersRunWithoutTheRequestsLockSoAnotherThreadCanCommitMeanwhile() throws Exception {
    Fakes.Request request = new Fakes.Request();
    Fakes.Response response = new Fakes.Response();
    java.util.concurrent.atomic.AtomicReference<RequestSessions> holder =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean committedFromListener =
        new java.util.concurrent.atomic.AtomicBoolean();
    jakarta.servlet.http.HttpSessionAttributeListener committing =
        new jakarta.servlet.http.HttpSessionAttributeListener() {
          @Override
          public void attributeAdded(jakarta.servlet.http.HttpSessionBindingEvent event) {
            // what a commit hook on another thread does; it would block on a held lock
            Thread other =
                new Thread(() -> holder.get().commit(request.proxy(), response.proxy(), false));
            other.start();
            try {
              other.join(30_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            committedFromListener.set(!other.isAlive());
          }
        };
    FilterParts withListener =
        new FilterParts(
            store,
            SessionIdResolver.cookie(),
            new SessionListeners(List.of(committing)),
            parts.servletContext(),
            new BackendHealth());
    RequestSessions sessions = new RequestSessions(withListener, request.proxy());
    holder.set(sessions);

    sessions.getSession(true, response.proxy()).setAttribute("a", "1");

    assertThat(committedFromListener).isTrue();
  }
}
