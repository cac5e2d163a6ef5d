package io.stickless.examples.gallery;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The frame around every page: which node served it, who is logged in, the cluster's nodes with
 * stop/start buttons, and what this request cost. The values tests read carry {@code id}s and
 * {@code data-} attributes.
 */
final class GalleryPage {

  private static final String STYLE =
      """
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
        color:#1d2330;background:#f4f5f8}
      header{display:flex;align-items:center;gap:16px;padding:14px 28px;background:#1d2330;color:#fff}
      header h1{font-size:20px;margin:0;flex:1}header h1 a{color:#fff;text-decoration:none}
      header form{margin:0}
      .node{padding:4px 12px;border-radius:14px;font-weight:600;color:#fff}
      .who{opacity:.9}
      header a,header button.link{color:#cfe0ff}
      main{max-width:1040px;margin:0 auto;padding:8px 28px 24px}
      .cache{display:inline-block;padding:4px 10px;border-radius:6px;font-size:13px}
      .cache.hit{background:#dff5e3;color:#16602a}.cache.miss{background:#fff1d6;color:#7a4a00}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:16px}
      .card{background:#fff;border-radius:10px;padding:10px;box-shadow:0 1px 3px #0002}
      .card a{color:inherit;text-decoration:none}.card b{display:block;margin-top:8px}
      .swatch{height:110px;border-radius:8px}
      .artist{color:#5b6477;font-size:13px}
      .item{display:flex;gap:24px;background:#fff;border-radius:10px;padding:18px}
      .item .swatch{width:280px;height:200px;flex:none}
      .recent{background:#fff;border-radius:10px;padding:8px 16px;margin:12px 0}
      .recent h3{margin:4px 0}.recent a{margin-right:14px}
      .admin{background:#fff;border-radius:10px;padding:10px 16px;margin:12px 0}
      .admin form.add{display:flex;gap:8px}.admin input{flex:1}
      input{padding:6px 8px;border:1px solid #c5cad6;border-radius:6px;font:inherit}
      button{padding:6px 12px;border:0;border-radius:6px;background:#3559d6;color:#fff;font:inherit;
        cursor:pointer}
      button.link{background:none;color:#3559d6;padding:0;text-decoration:underline}
      form.login{display:flex;flex-direction:column;gap:10px;max-width:320px}
      .error{color:#b00020}
      aside{max-width:1040px;margin:0 auto;padding:18px 28px 0;display:flex;gap:16px;flex-wrap:wrap}
      aside section{background:#fff;border-radius:10px;padding:10px 16px;flex:1;min-width:300px;
        box-shadow:0 1px 3px #0002}
      aside h3{margin:4px 0 8px;font-size:14px;text-transform:uppercase;letter-spacing:.05em;
        color:#5b6477}
      aside table{border-collapse:collapse;width:100%}aside td{padding:3px 6px;white-space:nowrap}
      .up{color:#16602a}.down{color:#b00020}
      aside form{display:inline;margin:0}
      """;

  private GalleryPage() {}

  static String render(
      String nodeName,
      int nodeNumber,
      String title,
      @Nullable String admin,
      CharSequence body,
      List<ClusterControl.NodeStatus> nodes,
      RequestCost cost,
      @Nullable String cache) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(Html.esc(title))
        .append(" · Stickless gallery</title><style>")
        .append(STYLE)
        .append("</style></head><body data-node=\"")
        .append(Html.esc(nodeName))
        .append("\" data-user=\"")
        .append(admin == null ? "" : Html.esc(admin))
        .append("\">");
    html.append("<header><h1><a href=\"/\">Stickless gallery</a></h1>")
        .append("<span class=\"node\" id=\"node\" style=\"background:")
        .append(nodeColor(nodeNumber))
        .append("\">served by ")
        .append(Html.esc(nodeName))
        .append("</span>");
    if (admin != null) {
      html.append("<span class=\"who\" id=\"who\">logged in as <b>")
          .append(Html.esc(admin))
          .append("</b></span>")
          .append("<form method=\"post\" action=\"/logout\"><button class=\"link\" id=\"logout\">")
          .append("log out</button></form>")
          .append("<form method=\"post\" action=\"/logout-everywhere\"><button class=\"link\"")
          .append(" id=\"logout-everywhere\">log out everywhere</button></form>");
    } else {
      html.append("<a href=\"/login\" id=\"login\">admin login</a>");
    }
    html.append("</header><aside>");
    html.append(costPanel(cost, cache)).append(nodesPanel(nodes, nodeName));
    html.append("</aside><main>").append(body).append("</main></body></html>");
    return html.toString();
  }

  private static String costPanel(RequestCost cost, @Nullable String cache) {
    return "<section id=\"cost\" data-dynamodb-calls=\""
        + cost.dynamoDbCalls()
        + "\" data-get-items=\""
        + cost.calls("GetItem")
        + "\" data-read-units=\""
        + units(cost.readUnits())
        + "\" data-write-units=\""
        + units(cost.writeUnits())
        + "\" data-sql-queries=\""
        + cost.sqlQueries()
        + "\" data-cache=\""
        + (cache == null ? "" : cache)
        + "\"><h3>This request</h3><table>"
        + "<tr><td>DynamoDB calls</td><td><b>"
        + cost.dynamoDbCalls()
        + "</b> ("
        + Html.esc(cost.callsByOperation())
        + ")</td></tr>"
        + "<tr><td>consumed capacity</td><td><b>"
        + units(cost.readUnits())
        + "</b> read units, <b>"
        + units(cost.writeUnits())
        + "</b> write units</td></tr>"
        + "<tr><td>SQL queries (H2)</td><td><b>"
        + cost.sqlQueries()
        + "</b></td></tr>"
        + (cache == null ? "" : "<tr><td>cache</td><td><b>" + cache + "</b></td></tr>")
        + "</table></section>";
  }

  private static String nodesPanel(List<ClusterControl.NodeStatus> nodes, String self) {
    StringBuilder out =
        new StringBuilder("<section id=\"nodes\"><h3>Cluster (round-robin, no stickiness)</h3>")
            .append("<table>");
    for (ClusterControl.NodeStatus n : nodes) {
      String action = n.running() ? "stop" : "start";
      out.append("<tr data-node-name=\"")
          .append(Html.esc(n.name()))
          .append("\" data-running=\"")
          .append(n.running())
          .append("\"><td><b>")
          .append(Html.esc(n.name()))
          .append("</b>")
          .append(n.name().equals(self) ? " ← this page" : "")
          .append("</td><td>")
          .append(Html.esc(n.url()))
          .append("</td><td class=\"")
          .append(n.running() ? "up\">running" : "down\">stopped")
          .append("</td><td><form method=\"post\" action=\"/cluster/nodes/")
          .append(n.number())
          .append('/')
          .append(action)
          .append("\"><button class=\"link\" id=\"")
          .append(action)
          .append("-node-")
          .append(n.number())
          .append("\">")
          .append(action)
          .append("</button></form></td></tr>");
    }
    return out.append("</table></section>").toString();
  }

  private static String units(double units) {
    return String.format(Locale.ROOT, "%.1f", units);
  }

  private static String nodeColor(int number) {
    String[] colors = {"#2f7d4f", "#8a3fb8", "#c05a17", "#1f6fb2", "#a8325e"};
    return colors[(number - 1) % colors.length];
  }
}
