package io.stickless.servlet;

class TomcatFilterOutageLoadIT extends FilterOutageLoadContract {
  @Override
  AppNode.Starter starter() {
    return TomcatNode::start;
  }
}
