package io.stickless.benchmarks.load;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The benchmark app's request types, by path. */
enum RequestType {
  NEW("/new"),
  READ("/read"),
  WRITE("/write"),
  LOGOUT("/logout");

  private final String path;

  RequestType(String path) {
    this.path = path;
  }

  String path() {
    return path;
  }

  /** {@code read-only}, {@code write}, ...: how tables name the type. */
  String label() {
    return this == READ ? "read-only" : name().toLowerCase(Locale.ROOT);
  }

  static @Nullable RequestType ofPath(String path) {
    for (RequestType t : values()) {
      if (t.path.equals(path)) {
        return t;
      }
    }
    return null;
  }
}
