package io.stickless.examples.gallery;

import java.util.List;

/** What a node's pages may do to the cluster it belongs to: show it, stop and start a node. */
interface ClusterControl {

  /** A node as the page shows it. */
  record NodeStatus(int number, String name, String url, boolean running) {}

  List<NodeStatus> nodes();

  /**
   * Stops node {@code number} (1-based): the proxy stops sending it requests at once, then its
   * server closes (connections refused). Returns without waiting for the server to close.
   */
  void stopNode(int number);

  /** Starts node {@code number} again on its port and puts it back behind the proxy. */
  void startNode(int number);
}
