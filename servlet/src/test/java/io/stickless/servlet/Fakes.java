package io.stickless.servlet;

import io.stickless.session.SessionStore;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal request/response stand-ins for tests that need no container. */
final class Fakes {

  private Fakes() {}

  /** What a filter hands each request, over this store, with a cookie and no servlet context. */
  static FilterParts parts(SessionStore store, EventListener... listeners) {
    return new FilterParts(
        store,
        SessionIdResolver.cookie(),
        new SessionListeners(List.of(listeners)),
        (ServletContext)
            Proxy.newProxyInstance(
                Fakes.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (p, m, a) -> null),
        new BackendHealth());
  }

  static final class Request {
    final List<Cookie> cookies = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    String contextPath = "";
    boolean secure;

    Request cookie(String name, String value) {
      cookies.add(new Cookie(name, value));
      return this;
    }

    Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Request contextPath(String path) {
      this.contextPath = path;
      return this;
    }

    Request secure() {
      this.secure = true;
      return this;
    }

    HttpServletRequest proxy() {
      return (HttpServletRequest)
          Proxy.newProxyInstance(
              Fakes.class.getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (p, method, args) ->
                  switch (method.getName()) {
                    case "getCookies" -> cookies.isEmpty() ? null : cookies.toArray(new Cookie[0]);
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getContextPath" -> contextPath;
                    case "isSecure" -> secure;
                    case "toString" -> "FakeRequest";
                    default ->
                        throw new UnsupportedOperationException(
                            "fake request: " + method.getName());
                  });
    }
  }

  static final class Response {
    final List<String[]> headers = new ArrayList<>();

    List<String> headers(String name) {
      List<String> values = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          values.add(h[1]);
        }
      }
      return values;
    }

    HttpServletResponse proxy() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              Fakes.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (p, method, args) -> {
                switch (method.getName()) {
                  case "addHeader" ->
                      headers.add(new String[] {(String) args[0], (String) args[1]});
                  case "setHeader" -> {
                    headers.removeIf(h -> h[0].equalsIgnoreCase((String) args[0]));
                    headers.add(new String[] {(String) args[0], (String) args[1]});
                  }
                  case "isCommitted" -> {
                    return false;
                  }
                  case "toString" -> {
                    return "FakeResponse";
                  }
                  default ->
                      throw new UnsupportedOperationException("fake response: " + method.getName());
                }
                return null;
              });
    }
  }
}
