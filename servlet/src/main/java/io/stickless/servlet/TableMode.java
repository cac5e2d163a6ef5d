package io.stickless.servlet;

/**
 * What the filter does with its table at start-up (setting {@code table-mode}). Mirrors {@code
 * io.stickless.table.TableMode}; see {@link TablePreparer}.
 */
enum TableMode {
  /** Describe the table once and fail with a clear message when it is missing (default). */
  VALIDATE,
  /** Create the table when missing (development and tests). */
  CREATE,
  /** Assume the table is there. */
  NONE
}
