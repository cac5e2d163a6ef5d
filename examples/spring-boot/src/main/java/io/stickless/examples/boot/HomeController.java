package io.stickless.examples.boot;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The page: who you are, which node answered, how often you came, and a cached quote. */
@RestController
class HomeController {

  private final QuoteService quotes;
  private final String node;

  HomeController(QuoteService quotes, @Value("${demo.node:${server.port}}") String node) {
    this.quotes = quotes;
    this.node = node;
  }

  @GetMapping(value = "/", produces = "text/plain")
  String home(Principal user, HttpSession session, @RequestParam(defaultValue = "today") String q) {
    Integer visits = (Integer) session.getAttribute("visits");
    visits = visits == null ? 1 : visits + 1;
    session.setAttribute("visits", visits);
    return "Hello "
        + user.getName()
        + "\nserved by node "
        + node
        + "\nvisits in this session: "
        + visits
        + "\n"
        + quotes.quote(q)
        + "\n";
  }

  @PostMapping(value = "/forget", produces = "text/plain")
  String forget() {
    quotes.forgetAll();
    return "all quotes forgotten on every node\n";
  }
}
