package io.stickless.benchmarks.load;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark contract. {@code GET /new}: a new session holding {@code a1..a3}, 600 characters
 * each (a ~2 KB item); {@code GET /read}: reads them (404 without a session); {@code POST
 * /write?k=a1|a2|a3}: a fresh value (404 without a session); {@code GET /logout}: invalidates.
 * Every body lists the <em>tags</em> (first 12 characters) of the values it wrote or read, so the
 * driver checks that each read sees the user's own last write.
 */
final class SessionServlet extends HttpServlet {

  static final List<String> KEYS = List.of("a1", "a2", "a3");

  /** Characters per value: three make a session item of about 2 KB. */
  static final int VALUE_CHARS = 600;

  static final int TAG_CHARS = 12;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    switch (req.getRequestURI()) {
      case "/new" -> {
        HttpSession old = req.getSession(false);
        if (old != null) {
          old.invalidate();
        }
        HttpSession session = req.getSession(true);
        StringBuilder body = new StringBuilder();
        for (String k : KEYS) {
          String value = freshValue();
          session.setAttribute(k, value);
          body.append(k).append('=').append(tag(value)).append(' ');
        }
        ok(resp, body.toString().trim());
      }
      case "/read" -> {
        HttpSession session = req.getSession(false);
        if (session == null) {
          resp.sendError(404, "no session");
          return;
        }
        StringBuilder body = new StringBuilder();
        for (String k : KEYS) {
          Object value = session.getAttribute(k);
          body.append(k).append('=').append(value == null ? "-" : tag((String) value)).append(' ');
        }
        ok(resp, body.toString().trim());
      }
      case "/logout" -> {
        HttpSession session = req.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        ok(resp, "bye");
      }
      default -> resp.sendError(404, "unknown path");
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String k = req.getParameter("k");
    if (!"/write".equals(req.getRequestURI()) || k == null || !KEYS.contains(k)) {
      resp.sendError(400, "POST /write?k=a1|a2|a3");
      return;
    }
    HttpSession session = req.getSession(false);
    if (session == null) {
      resp.sendError(404, "no session");
      return;
    }
    String value = freshValue();
    session.setAttribute(k, value);
    ok(resp, k + "=" + tag(value));
  }

  private static void ok(HttpServletResponse resp, String body) throws IOException {
    resp.setContentType("text/plain;charset=utf-8");
    resp.getWriter().write(body);
  }

  /** 600 random base64url characters: incompressible, so the item stays ~2 KB. */
  static String freshValue() {
    byte[] bytes = new byte[VALUE_CHARS * 3 / 4];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String tag(String value) {
    return value.substring(0, TAG_CHARS);
  }
}
