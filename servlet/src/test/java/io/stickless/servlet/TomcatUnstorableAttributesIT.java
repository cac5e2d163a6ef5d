package io.stickless.servlet;

/** Values a session cannot hold, in embedded Tomcat 11. */
class TomcatUnstorableAttributesIT extends UnstorableAttributesContract {

  @Override
  AppNode.Starter starter() {
    return TomcatNode::start;
  }
}
