package io.stickless.servlet;

/** The session filter contract in embedded Tomcat 11. */
class TomcatSessionFilterIT extends SessionFilterContract {

  @Override
  AppNode.Starter starter() {
    return TomcatNode::start;
  }
}
