package io.stickless.servlet;

/** The hinted-reads contract in embedded Jetty. */
class JettyHintedReadsIT extends HintedReadsContract {

  @Override
  AppNode.Starter starter() {
    return JettyNode::start;
  }
}
