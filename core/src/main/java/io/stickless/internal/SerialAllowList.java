package io.stickless.internal;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ObjectInputFilter} that guards every Java deserialization in Stickless: JDK value
 * types and collections plus what the user names; everything else is rejected before its class is
 * initialised. Internal: not part of the Stickless API (users configure it through the cache and
 * session builders).
 *
 * <p>A user entry is either a class name ({@code com.example.Cart}), a package ({@code
 * com.example.*}: classes directly in it) or a package tree ({@code com.example.**}: it and its
 * sub-packages).
 */
public final class SerialAllowList implements ObjectInputFilter {

  static final long MAX_DEPTH = 32;
  static final long MAX_REFERENCES = 1_000_000;

  /**
   * Stored values inflate to at most {@link ValueEnvelope#MAX_INFLATED_BYTES} (16 MiB), so no
   * honest array in one has more than 16M elements (byte[]), and a long[] or double[] at most 2M; a
   * larger length in the stream can only be a forged header making the reader allocate far more
   * than the value holds. One million covers long[] and Object[] values of realistic size.
   */
  static final long MAX_ARRAY_LENGTH = 1_000_000;

  private static final Set<String> JDK_CLASSES =
      Set.of(
          "java.lang.Object",
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Number",
          "java.lang.Enum",
          "java.lang.Record",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.net.URI",
          "java.util.concurrent.ConcurrentHashMap",
          "java.util.concurrent.ConcurrentHashMap$Segment",
          "java.util.concurrent.CopyOnWriteArrayList",
          "java.util.concurrent.ConcurrentSkipListMap",
          "java.util.concurrent.ConcurrentSkipListSet");

  /** Packages whose classes (not sub-packages) are allowed: values, dates, collections. */
  private static final Set<String> JDK_PACKAGES =
      Set.of("java.util", "java.time", "java.time.chrono", "java.util.concurrent.atomic");

  private final List<String> exactClasses = new ArrayList<>();
  private final List<String> packages = new ArrayList<>();
  private final List<String> packageTrees = new ArrayList<>();
  private final List<String> userEntries;

  private SerialAllowList(Collection<String> userEntries) {
    this.userEntries = List.copyOf(userEntries);
    for (String entry : this.userEntries) {
      Objects.requireNonNull(entry, "allow-list entry");
      String e = entry.trim();
      if (e.isEmpty() || e.equals("*") || e.equals("**") || e.startsWith(".")) {
        throw new IllegalArgumentException(
            "Allow-list entry '"
                + entry
                + "' is not a class or package: name a class (com.example.Cart), a package"
                + " (com.example.*) or a package tree (com.example.**)");
      }
      if (e.endsWith(".**")) {
        packageTrees.add(e.substring(0, e.length() - 3));
      } else if (e.endsWith(".*")) {
        packages.add(e.substring(0, e.length() - 2));
      } else {
        exactClasses.add(e);
      }
    }
  }

  /**
   * JDK value types and collections plus the given entries.
   *
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   */
  public static SerialAllowList of(Collection<String> userEntries) {
    return new SerialAllowList(userEntries);
  }

  /** The user's entries, as given. */
  public List<String> userEntries() {
    return userEntries;
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > MAX_DEPTH
        || info.references() > MAX_REFERENCES
        || info.arrayLength() > MAX_ARRAY_LENGTH) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isPrimitive()) {
      return Status.ALLOWED;
    }
    return allows(type.getName()) ? Status.ALLOWED : Status.REJECTED;
  }

  /** Whether a class of this name may be deserialized. */
  public boolean allows(String className) {
    String pkg = packageOf(className);
    if (JDK_CLASSES.contains(className) || JDK_PACKAGES.contains(pkg)) {
      return true;
    }
    return allowsByUserEntry(className);
  }

  /**
   * Whether one of the user's entries names this class (the JDK value types and collections not
   * counted): for codecs that keep their own, stricter set of JDK types.
   */
  public boolean allowsByUserEntry(String className) {
    String pkg = packageOf(className);
    if (exactClasses.contains(className) || packages.contains(pkg)) {
      return true;
    }
    for (String tree : packageTrees) {
      if (pkg.equals(tree) || pkg.startsWith(tree + ".")) {
        return true;
      }
    }
    // nested classes of an allowed class, e.g. com.example.Cart$Line
    int dollar = className.indexOf('$');
    return dollar > 0 && exactClasses.contains(className.substring(0, dollar));
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}
