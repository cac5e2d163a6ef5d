package io.stickless.servlet;

class JettyFilterFaultsIT extends FilterFaultsContract {
  @Override
  AppNode.Starter starter() {
    return JettyNode::start;
  }
}
