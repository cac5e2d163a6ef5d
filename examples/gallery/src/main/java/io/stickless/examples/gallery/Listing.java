package io.stickless.examples.gallery;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The gallery's listing as cached: every item, newest first. An {@code ArrayList} on purpose: the
 * cache's Java-serialization codec reads JDK collections through its allow-list.
 */
record Listing(ArrayList<GalleryItem> items) implements Serializable {

  static Listing of(List<GalleryItem> items) {
    return new Listing(new ArrayList<>(items));
  }
}
