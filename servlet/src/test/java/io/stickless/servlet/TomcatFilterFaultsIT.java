package io.stickless.servlet;

class TomcatFilterFaultsIT extends FilterFaultsContract {
  @Override
  AppNode.Starter starter() {
    return TomcatNode::start;
  }
}
