package io.stickless.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's size rules, so an item that would exceed the 400 KB limit fails before any call, with
 * a message naming what is big. Follows the documented rules: attribute names count in UTF-8 bytes,
 * strings in UTF-8 bytes, binaries in bytes, numbers about one byte per two digits plus one, maps
 * and lists 3 bytes plus 1 per element. Internal: not part of the Stickless API.
 */
public final class ItemSizes {

  /** DynamoDB's maximum item size: 400 KB, names and values included. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  private ItemSizes() {}

  /** The size DynamoDB counts for the whole item. */
  public static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += attributeSize(e.getKey(), e.getValue());
    }
    return size;
  }

  /** The size of one attribute: its name plus its value. */
  public static long attributeSize(String name, AttributeValue value) {
    return utf8Length(name) + valueSize(value);
  }

  /** The size of a value alone. */
  public static long valueSize(AttributeValue v) {
    if (v.s() != null) {
      return utf8Length(v.s());
    }
    if (v.n() != null) {
      return numberSize(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArrayUnsafe().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasM()) {
      long size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += attributeSize(e.getKey(), e.getValue()) + 1;
      }
      return size;
    }
    if (v.hasL()) {
      long size = 3;
      for (AttributeValue e : v.l()) {
        size += valueSize(e) + 1;
      }
      return size;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToLong(ItemSizes::utf8Length).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToLong(ItemSizes::numberSize).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
    }
    return 0;
  }

  /**
   * The {@code n} largest entries of {@code sizes}, largest first, formatted as {@code name (12345
   * bytes)}; for exception messages.
   */
  public static String largest(Map<String, Long> sizes, int n) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(sizes.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    Map<String, Long> top = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : entries.subList(0, Math.min(n, entries.size()))) {
      top.put(e.getKey(), e.getValue());
    }
    StringBuilder sb = new StringBuilder();
    top.forEach(
        (name, size) ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append('\'')
                .append(name)
                .append("' (")
                .append(size)
                .append(" bytes)"));
    return sb.toString();
  }

  static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long numberSize(String n) {
    long digits = n.chars().filter(Character::isDigit).count();
    return (digits + 1) / 2 + 1;
  }
}
