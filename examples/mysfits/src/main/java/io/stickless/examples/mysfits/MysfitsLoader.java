package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Loads a {@code batch-write-item --request-items} file and then invalidates the catalog's cached
 * answers, so the service shows what was loaded.
 *
 * <pre>{@code
 * LoadReport report = new MysfitsLoader(new BatchWriter(dynamoDb), catalog).load(path);
 * System.out.println(report); // "MysfitsTable: 12 put, 0 deleted ..."
 * }</pre>
 */
public final class MysfitsLoader {

  private final BatchWriter writer;
  private final MysfitsCatalog catalog;

  /** A loader writing with {@code writer} and invalidating {@code catalog} after each load. */
  public MysfitsLoader(BatchWriter writer, MysfitsCatalog catalog) {
    this.writer = requireNonNull(writer, "writer");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  /**
   * Validates the whole file, writes it, invalidates the cache.
   *
   * @throws RequestItemsException when the file is malformed; nothing was written
   */
  public LoadReport load(Path file) {
    return load(RequestItems.read(file));
  }

  /** Writes already validated items, then invalidates the cache. */
  public LoadReport load(RequestItems items) {
    try {
      return writer.write(items);
    } finally {
      // also after a partial failure: some items may have been written
      catalog.invalidate();
    }
  }
}
