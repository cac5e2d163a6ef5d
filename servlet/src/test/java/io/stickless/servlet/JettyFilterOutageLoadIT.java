package io.stickless.servlet;

class JettyFilterOutageLoadIT extends FilterOutageLoadContract {
  @Override
  AppNode.Starter starter() {
    return JettyNode::start;
  }
}
