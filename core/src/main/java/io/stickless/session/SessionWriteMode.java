package io.stickless.session;

/** How a save treats an attribute another request changed since this one read the session. */
public enum SessionWriteMode {
  /**
   * The default: each save writes only the attributes it changed, so two requests changing
   * different attributes both win; for the same attribute the last save wins.
   */
  LAST_WRITER_WINS,
  /**
   * A save that changes attributes is conditioned on the session's version ({@code ver}) being the
   * one this request read; if another request changed attributes in between, the save throws {@link
   * SessionConflictException} and writes nothing. Touches (read-only requests refreshing the
   * expiry) never conflict.
   */
  OPTIMISTIC
}
