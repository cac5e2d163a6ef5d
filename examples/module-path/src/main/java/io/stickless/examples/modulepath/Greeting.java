package io.stickless.examples.modulepath;

/** A cached value, stored as JSON by Jackson. */
public record Greeting(String language, String text) {}
