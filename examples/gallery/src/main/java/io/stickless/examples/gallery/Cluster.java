package io.stickless.examples.gallery;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The app nodes and the proxy in front of them, in this JVM. Each node is a server of its own on
 * its own port, so stopping one really closes it; they share only the DynamoDB table and the
 * gallery database, as separate machines would.
 */
final class Cluster implements ClusterControl, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final List<GalleryNode> nodes = new ArrayList<>();
  private final RoundRobinProxy proxy;

  /** Starts {@code nodeCount} nodes, then the proxy on {@code proxyPort} ({@code 0}: any). */
  Cluster(
      int nodeCount,
      int proxyPort,
      String table,
      GalleryDb db,
      AdminAccount admin,
      Supplier<DynamoDbClientBuilder> clients)
      throws Exception {
    RoundRobinProxy started = null;
    try {
      for (int i = 1; i <= nodeCount; i++) {
        GalleryNode node = new GalleryNode(i, table, db, admin, this, clients);
        nodes.add(node);
        node.start();
      }
      started = new RoundRobinProxy(proxyPort, this::runningNodeUrls);
    } catch (Exception e) {
      stopNodes();
      throw e;
    }
    proxy = started;
  }

  /** Where the browser goes: the proxy. */
  String url() {
    return proxy.url();
  }

  @Override
  public List<NodeStatus> nodes() {
    List<NodeStatus> out = new ArrayList<>();
    for (GalleryNode n : nodes) {
      out.add(new NodeStatus(n.number(), n.name(), n.url(), n.isRunning()));
    }
    return out;
  }

  @Override
  public void stopNode(int number) {
    GalleryNode node = node(number);
    // off the request thread: a node may be asked to stop itself, and stop() waits for requests
    Thread stopper =
        new Thread(
            () -> {
              try {
                node.stop();
              } catch (Exception e) {
                LOG.warn("Could not stop {}: {}", node.name(), e.toString());
              }
            },
            "stop-" + node.name());
    node.markStopping();
    stopper.start();
  }

  @Override
  public void startNode(int number) {
    GalleryNode node = node(number);
    try {
      node.start();
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + node.name() + ": " + e, e);
    }
  }

  /** Stops the node and waits until its server is closed (for the console and tests). */
  void stopNodeAndWait(int number) throws Exception {
    node(number).stop();
  }

  int size() {
    return nodes.size();
  }

  private List<URI> runningNodeUrls() {
    List<URI> urls = new ArrayList<>();
    for (GalleryNode n : nodes) {
      if (n.isServing()) {
        urls.add(URI.create(n.url()));
      }
    }
    return urls;
  }

  private GalleryNode node(int number) {
    if (number < 1 || number > nodes.size()) {
      throw new IllegalArgumentException(
          "There is no node " + number + ": the nodes are 1 to " + nodes.size());
    }
    return nodes.get(number - 1);
  }

  @Override
  public void close() throws Exception {
    try {
      if (proxy != null) {
        proxy.close();
      }
    } finally {
      stopNodes();
    }
  }

  private void stopNodes() {
    for (GalleryNode n : nodes) {
      try {
        n.stop();
      } catch (Exception e) {
        LOG.warn("Could not stop {}: {}", n.name(), e.toString());
      }
    }
  }
}
