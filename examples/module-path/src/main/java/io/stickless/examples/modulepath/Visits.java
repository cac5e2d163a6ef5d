package io.stickless.examples.modulepath;

import java.io.Serializable;

/** A session attribute of the application's own type, stored with Java serialization. */
public record Visits(int count) implements Serializable {}
