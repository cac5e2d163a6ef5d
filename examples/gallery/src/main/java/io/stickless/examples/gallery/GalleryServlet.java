package io.stickless.examples.gallery;

import io.stickless.cache.TtlCache;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gallery's pages and actions on one node. Reads go through the shared {@link TtlCache}
 * (cache-aside: a hit costs no SQL query); the admin's login, and every visitor's recently viewed
 * items, live in the Stickless session, so any node serves any request.
 *
 * <p>Each page is written only after the session is saved (an explicit {@code flushBuffer()}
 * commits the response headers, and the session filter saves the session and sets its cookie just
 * before that), so the cost it shows is the whole request's.
 */
final class GalleryServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(GalleryServlet.class);
  private static final Pattern ITEM = Pattern.compile("/item/(\\d{1,18})");
  private static final Pattern DELETE = Pattern.compile("/admin/items/(\\d{1,18})/delete");
  private static final Pattern NODE = Pattern.compile("/cluster/nodes/(\\d)/(stop|start)");
  static final String USER = "user";
  static final String LOGIN_AT = "loginAt";
  static final String RECENT = "recentlyViewed";
  static final int RECENT_MAX = 5;

  private final transient GalleryNode.Context node;
  private final transient Clock clock = Clock.systemUTC();

  GalleryServlet(GalleryNode.Context node) {
    this.node = node;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = path(request);
    Matcher item = ITEM.matcher(path);
    if (path.equals("/")) {
      listing(request, response);
    } else if (item.matches()) {
      item(request, response, Long.parseLong(item.group(1)));
    } else if (path.equals("/login")) {
      loginForm(request, response, null);
    } else {
      notFound(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = path(request);
    Matcher delete = DELETE.matcher(path);
    Matcher nodeAction = NODE.matcher(path);
    if (path.equals("/login")) {
      login(request, response);
    } else if (path.equals("/logout")) {
      logout(request, response);
    } else if (path.equals("/logout-everywhere")) {
      logoutEverywhere(request, response);
    } else if (path.equals("/admin/items")) {
      addItem(request, response);
    } else if (delete.matches()) {
      removeItem(request, response, Long.parseLong(delete.group(1)));
    } else if (nodeAction.matches()) {
      int number = Integer.parseInt(nodeAction.group(1));
      if (nodeAction.group(2).equals("stop")) {
        node.cluster().stopNode(number);
      } else {
        node.cluster().startNode(number);
      }
      response.sendRedirect("/");
    } else {
      notFound(request, response);
    }
  }

  // ---- pages

  private void listing(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String admin = admin(request);
    Lookup<Listing> lookup =
        cacheAside(node.listings(), GalleryNode.LISTING_KEY, k -> Listing.of(node.db().listAll()));
    Listing listing = lookup.value();
    String cache = lookup.cache();
    StringBuilder body = new StringBuilder();
    body.append(cacheNote("Listing", cache));
    if (admin != null) {
      body.append(adminPanel());
    }
    body.append(recentlyViewed(request, listing));
    body.append("<h2>The gallery</h2><div class=\"grid\">");
    for (GalleryItem i : listing.items()) {
      body.append("<div class=\"card\" data-item-id=\"").append(i.id()).append("\">");
      body.append("<a href=\"/item/").append(i.id()).append("\">");
      body.append(swatch(i)).append("<b>").append(Html.esc(i.title())).append("</b></a>");
      body.append("<span class=\"artist\">").append(Html.esc(i.artist())).append("</span>");
      if (admin != null) {
        body.append("<form method=\"post\" action=\"/admin/items/")
            .append(i.id())
            .append("/delete\"><button class=\"link\" name=\"remove\">remove</button></form>");
      }
      body.append("</div>");
    }
    body.append("</div>");
    write(request, response, 200, "Gallery", admin, cache, body);
  }

  private void item(HttpServletRequest request, HttpServletResponse response, long id)
      throws IOException {
    String admin = admin(request);
    Lookup<GalleryItem> lookup = cacheAside(node.items(), id, k -> node.db().find(k).orElse(null));
    GalleryItem item = lookup.value();
    String cache = lookup.cache();
    if (item == null) {
      notFound(request, response);
      return;
    }
    rememberViewed(request.getSession(), id);
    StringBuilder body = new StringBuilder();
    body.append(cacheNote("Item", cache));
    body.append("<article class=\"item\">").append(swatch(item));
    body.append("<div><h2>").append(Html.esc(item.title())).append("</h2>");
    body.append("<p class=\"artist\">").append(Html.esc(item.artist())).append("</p>");
    body.append("<p>").append(Html.esc(item.description())).append("</p>");
    body.append("<p><a href=\"/\">← back to the gallery</a></p></div></article>");
    write(request, response, 200, item.title(), admin, cache, body);
  }

  private void loginForm(
      HttpServletRequest request, HttpServletResponse response, @Nullable String error)
      throws IOException {
    StringBuilder body = new StringBuilder("<h2>Admin login</h2>");
    if (error != null) {
      body.append("<p class=\"error\" id=\"login-error\">").append(Html.esc(error)).append("</p>");
    }
    body.append(
        "<form method=\"post\" action=\"/login\" class=\"login\">"
            + "<label>User <input name=\"user\" autocomplete=\"username\" required></label>"
            + "<label>Password <input name=\"password\" type=\"password\""
            + " autocomplete=\"current-password\" required></label>"
            + "<button id=\"login-submit\">Log in</button></form>");
    write(request, response, error == null ? 200 : 401, "Log in", admin(request), null, body);
  }

  private void notFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StringBuilder body =
        new StringBuilder("<h2>Not found</h2><p><a href=\"/\">Back to the gallery</a></p>");
    write(request, response, 404, "Not found", null, null, body);
  }

  // ---- actions

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String user = String.valueOf(request.getParameter("user"));
    String password = String.valueOf(request.getParameter("password"));
    if (!node.admin().matches(user, password.toCharArray())) {
      loginForm(request, response, "Wrong user name or password.");
      return;
    }
    HttpSession session = request.getSession();
    request.changeSessionId(); // against session fixation: the old id stops working everywhere
    session.setAttribute(USER, node.admin().userName());
    session.setAttribute(LOGIN_AT, clock.millis());
    LOG.info("{}: admin logged in", node.name());
    response.sendRedirect("/");
  }

  private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    response.sendRedirect("/");
  }

  private void logoutEverywhere(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String admin = admin(request);
    if (admin != null) {
      // every session of this user that logged in before now is refused from here on
      node.logouts().put(admin, Long.toString(clock.millis()));
      request.getSession().invalidate();
      LOG.info("{}: admin logged out everywhere", node.name());
    }
    response.sendRedirect("/");
  }

  private void addItem(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (admin(request) == null) {
      response.sendRedirect("/login");
      return;
    }
    String title = trimmed(request.getParameter("title"), 100);
    String artist = trimmed(request.getParameter("artist"), 100);
    String description = trimmed(request.getParameter("description"), 500);
    if (title.isEmpty() || artist.isEmpty()) {
      response.sendError(400, "Title and artist are required.");
      return;
    }
    int hue = Math.floorMod(title.hashCode() * 31 + artist.hashCode(), 360);
    node.db().add(title, artist, description, hue);
    node.listings().invalidate(GalleryNode.LISTING_KEY);
    response.sendRedirect("/");
  }

  private void removeItem(HttpServletRequest request, HttpServletResponse response, long id)
      throws IOException {
    if (admin(request) == null) {
      response.sendRedirect("/login");
      return;
    }
    node.db().remove(id);
    node.listings().invalidate(GalleryNode.LISTING_KEY);
    node.items().invalidate(id);
    response.sendRedirect("/");
  }

  /** A value read through the cache, and whether that was a {@code hit} or a {@code miss}. */
  private record Lookup<V>(@Nullable V value, String cache) {}

  /** Cache-aside: the cached value, or the loader's (stored for the next reader) on a miss. */
  private static <K, V> Lookup<V> cacheAside(
      TtlCache<K, V> cache, K key, Function<? super K, ? extends @Nullable V> loader) {
    boolean[] loaded = {false};
    V value =
        cache.get(
            key,
            k -> {
              loaded[0] = true;
              return loader.apply(k);
            });
    return new Lookup<>(value, loaded[0] ? "miss" : "hit");
  }

  // ---- session state

  /**
   * The logged-in admin's name, or {@code null}. A session that logged in before the admin's last
   * "log out everywhere" is invalidated here: one eventually consistent cache read per admin
   * request.
   */
  private @Nullable String admin(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(USER) instanceof String user)) {
      return null;
    }
    String loggedOutAt = node.logouts().getIfPresent(user);
    Object loginAt = session.getAttribute(LOGIN_AT);
    if (loggedOutAt != null
        && (!(loginAt instanceof Long at) || at <= Long.parseLong(loggedOutAt))) {
      session.invalidate();
      return null;
    }
    return user;
  }

  /** Changes the list in place: the session filter notices and writes only this attribute. */
  @SuppressWarnings("unchecked")
  private static void rememberViewed(HttpSession session, long id) {
    if (!(session.getAttribute(RECENT) instanceof ArrayList<?> list)) {
      session.setAttribute(RECENT, new ArrayList<>(List.of(id)));
      return;
    }
    ArrayList<Long> recent = (ArrayList<Long>) list;
    recent.remove(Long.valueOf(id));
    recent.add(0, id);
    while (recent.size() > RECENT_MAX) {
      recent.remove(recent.size() - 1);
    }
  }

  private static String recentlyViewed(HttpServletRequest request, Listing listing) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(RECENT) instanceof List<?> recent)) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("<section class=\"recent\" id=\"recent\"><h3>Recently viewed</h3>");
    for (Object id : recent) {
      Optional<GalleryItem> item =
          listing.items().stream().filter(i -> Long.valueOf(i.id()).equals(id)).findFirst();
      item.ifPresent(
          i ->
              out.append("<a href=\"/item/")
                  .append(i.id())
                  .append("\">")
                  .append(Html.esc(i.title()))
                  .append("</a>"));
    }
    return out.append("</section>").toString();
  }

  // ---- rendering

  private void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      @Nullable String admin,
      @Nullable String cache,
      CharSequence body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(GalleryNode.NODE_HEADER, node.name());
    response.flushBuffer(); // saves the session first, so the cost below is the whole request's
    String page =
        GalleryPage.render(
            node.name(),
            node.number(),
            title,
            admin,
            body,
            node.cluster().nodes(),
            RequestCost.current(),
            cache);
    response.getWriter().write(page);
  }

  private static String cacheNote(String what, String cache) {
    String text =
        cache.equals("hit")
            ? what + " read from the cache (DynamoDB): no SQL query."
            : what + " not in the cache: read from H2 (SQL) and stored in the cache.";
    return "<p class=\"cache " + cache + "\">cache " + cache + " · " + Html.esc(text) + "</p>";
  }

  private static String adminPanel() {
    return "<section class=\"admin\" id=\"admin\"><h3>Add an item</h3>"
        + "<form method=\"post\" action=\"/admin/items\" class=\"add\">"
        + "<input name=\"title\" placeholder=\"Title\" required maxlength=\"100\">"
        + "<input name=\"artist\" placeholder=\"Artist\" required maxlength=\"100\">"
        + "<input name=\"description\" placeholder=\"Description\" maxlength=\"500\">"
        + "<button id=\"add-item\">Add</button></form></section>";
  }

  private static String swatch(GalleryItem i) {
    int h = i.hue();
    return "<div class=\"swatch\" style=\"background:linear-gradient(135deg,hsl("
        + h
        + ",70%,62%),hsl("
        + (h + 40) % 360
        + ",65%,38%))\"></div>";
  }

  private static String trimmed(@Nullable String s, int max) {
    String t = s == null ? "" : s.strip();
    return t.length() > max ? t.substring(0, max) : t;
  }

  private static String path(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path == null || path.isEmpty() ? "/" : path;
  }
}
