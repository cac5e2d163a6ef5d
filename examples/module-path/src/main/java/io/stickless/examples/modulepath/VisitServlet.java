package io.stickless.examples.modulepath;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Counts a visitor's requests in the session. */
final class VisitServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HttpSession session = request.getSession();
    Visits visits = (Visits) session.getAttribute("visits");
    Visits next = new Visits(visits == null ? 1 : visits.count() + 1);
    session.setAttribute("visits", next);
    response.setContentType("text/plain");
    response.getWriter().print(next.count());
  }
}
