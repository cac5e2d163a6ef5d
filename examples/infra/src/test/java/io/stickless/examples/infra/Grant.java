package io.stickless.examples.infra;

/**
 * One DynamoDB action on one resource: {@code dynamodb:Query} on {@code
 * mysfits/index/GoodEvilIndex}. Tables are named by role ({@code stickless}, {@code mysfits}), not
 * by their test-unique names.
 */
record Grant(String action, String resource) implements Comparable<Grant> {

  @Override
  public int compareTo(Grant other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return action + " on " + resource;
  }
}
