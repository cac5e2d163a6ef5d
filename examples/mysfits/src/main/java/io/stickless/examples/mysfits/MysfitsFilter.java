package io.stickless.examples.mysfits;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The filters of {@code GET /mysfits?filter=...&value=...}, each answered by a query on an index.
 */
public enum MysfitsFilter {
  /** Good, Neutral or Evil: a query on {@code GoodEvilIndex}. */
  GoodEvil(MysfitsTable.GOOD_EVIL_INDEX, Mysfit.GOOD_EVIL),
  /** Lawful, Neutral or Chaotic: a query on {@code LawChaosIndex}. */
  LawChaos(MysfitsTable.LAW_CHAOS_INDEX, Mysfit.LAW_CHAOS);

  private final String indexName;
  private final String attribute;

  MysfitsFilter(String indexName, String attribute) {
    this.indexName = indexName;
    this.attribute = attribute;
  }

  /** The index the filter queries. */
  public String indexName() {
    return indexName;
  }

  /** The item attribute the filter compares (the index's hash key). */
  public String attribute() {
    return attribute;
  }

  /** The filter with this exact name, or null. */
  static MysfitsFilter named(String name) {
    return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  static String names() {
    List<String> names = Arrays.stream(values()).map(Enum::name).collect(Collectors.toList());
    return String.join(", ", names);
  }
}
