package io.stickless.servlet;

/** The session filter contract in embedded Jetty 12 (ee11). */
class JettySessionFilterIT extends SessionFilterContract {

  @Override
  AppNode.Starter starter() {
    return JettyNode::start;
  }
}
