package io.stickless.servlet;

/** The hinted-reads contract in embedded Tomcat. */
class TomcatHintedReadsIT extends HintedReadsContract {

  @Override
  AppNode.Starter starter() {
    return TomcatNode::start;
  }
}
