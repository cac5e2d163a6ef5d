package io.stickless.servlet;

/** Values a session cannot hold, in embedded Jetty 12. */
class JettyUnstorableAttributesIT extends UnstorableAttributesContract {

  @Override
  AppNode.Starter starter() {
    return JettyNode::start;
  }
}
