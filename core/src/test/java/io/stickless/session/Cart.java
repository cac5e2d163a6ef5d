package io.stickless.session;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A mutable attribute value, for in-place mutation tests. */
public class Cart implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> items = new ArrayList<>();

  public void add(String item) {
    items.add(item);
  }

  public List<String> items() {
    return items;
  }
}
