package io.stickless.examples.mysfits;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads DynamoDB's typed JSON ({@code {"S": "x"}}, {@code {"N": "42"}}, {@code {"M": {...}}}, ...)
 * into {@link AttributeValue}s, as {@code aws dynamodb batch-write-item} does. Every problem found
 * is added to a list with the path of the value, so a whole file can be checked before anything is
 * written.
 */
final class TypedJson {

  private static final List<String> TYPES =
      List.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

  private final List<String> problems;

  TypedJson(List<String> problems) {
    this.problems = problems;
  }

  /** An item or key: a JSON object of attribute name to typed value; null when it has problems. */
  Map<String, AttributeValue> item(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      problems.add(
          path + ": expected an object of attribute name to typed value, got " + kind(node));
      return null;
    }
    if (node.isEmpty()) {
      problems.add(path + ": has no attributes");
      return null;
    }
    return attributes(node, path);
  }

  private Map<String, AttributeValue> attributes(JsonNode node, String path) {
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().isEmpty()) {
        problems.add(path + ": an attribute name is empty");
        ok = false;
        continue;
      }
      AttributeValue value = value(field.getValue(), path + "." + field.getKey());
      if (value == null) {
        ok = false;
      } else {
        result.put(field.getKey(), value);
      }
    }
    return ok ? result : null;
  }

  /** One typed value such as {@code {"N": "42"}}; null (and a problem added) when malformed. */
  AttributeValue value(JsonNode node, String path) {
    if (node == null || !node.isObject() || node.size() != 1) {
      problems.add(
          path
              + ": expected one typed value such as {\"S\": \"text\"} or {\"N\": \"42\"}, got "
              + kind(node));
      return null;
    }
    String type = node.fieldNames().next();
    JsonNode v = node.get(type);
    String at = path + "." + type;
    if (!TYPES.contains(type)) {
      problems.add(path + ": unknown type '" + type + "'; use one of " + String.join(", ", TYPES));
      return null;
    }
    switch (type) {
      case "S":
        return v.isTextual() ? AttributeValue.fromS(v.textValue()) : wrong(at, v, "a string");
      case "N":
        return number(v, at) ? AttributeValue.fromN(v.textValue()) : null;
      case "B":
        {
          byte[] bytes = binary(v, at);
          return bytes == null ? null : AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        }
      case "BOOL":
        return v.isBoolean()
            ? AttributeValue.fromBool(v.booleanValue())
            : wrong(at, v, "true or false");
      case "NULL":
        return v.isBoolean() && v.booleanValue()
            ? AttributeValue.fromNul(true)
            : wrong(at, v, "true (the only value NULL takes)");
      case "M":
        {
          if (!v.isObject()) {
            return wrong(at, v, "an object of name to typed value");
          }
          Map<String, AttributeValue> map = attributes(v, path);
          return map == null ? null : AttributeValue.fromM(map);
        }
      case "L":
        return list(v, at);
      default:
        return set(type, v, at);
    }
  }

  private AttributeValue list(JsonNode v, String at) {
    if (!v.isArray()) {
      return wrong(at, v, "an array of typed values");
    }
    List<AttributeValue> list = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      AttributeValue element = value(v.get(i), at + "[" + i + "]");
      ok &= element != null;
      list.add(element);
    }
    return ok ? AttributeValue.fromL(list) : null;
  }

  private AttributeValue set(String type, JsonNode v, String at) {
    if (!v.isArray() || v.isEmpty()) {
      return wrong(at, v, "a non-empty array (DynamoDB has no empty sets)");
    }
    List<String> strings = new ArrayList<>();
    List<SdkBytes> bytes = new ArrayList<>();
    Set<Object> seen = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      JsonNode element = v.get(i);
      String elementAt = at + "[" + i + "]";
      Object identity;
      if (type.equals("BS")) {
        byte[] b = binary(element, elementAt);
        if (b == null) {
          ok = false;
          continue;
        }
        bytes.add(SdkBytes.fromByteArray(b));
        identity = bytes.get(bytes.size() - 1);
      } else if (type.equals("NS")) {
        if (!number(element, elementAt)) {
          ok = false;
          continue;
        }
        strings.add(element.textValue());
        identity = new BigDecimal(element.textValue()).stripTrailingZeros();
      } else {
        if (!element.isTextual()) {
          wrong(elementAt, element, "a string");
          ok = false;
          continue;
        }
        strings.add(element.textValue());
        identity = element.textValue();
      }
      if (!seen.add(identity)) {
        problems.add(elementAt + ": duplicate set element (DynamoDB rejects sets with duplicates)");
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    switch (type) {
      case "SS":
        return AttributeValue.fromSs(strings);
      case "NS":
        return AttributeValue.fromNs(strings);
      default:
        return AttributeValue.fromBs(bytes);
    }
  }

  private boolean number(JsonNode v, String at) {
    if (v == null || !v.isTextual()) {
      wrong(at, v, "a number written as a string, e.g. \"42\"");
      return false;
    }
    try {
      new BigDecimal(v.textValue());
      return true;
    } catch (NumberFormatException e) {
      problems.add(at + ": '" + v.textValue() + "' is not a number");
      return false;
    }
  }

  private byte[] binary(JsonNode v, String at) {
    if (v == null || !v.isTextual()) {
      wrong(at, v, "base64 text");
      return null;
    }
    try {
      return Base64.getDecoder().decode(v.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(at + ": not valid base64 (" + e.getMessage() + ")");
      return null;
    }
  }

  private AttributeValue wrong(String at, JsonNode v, String expected) {
    problems.add(at + ": expected " + expected + ", got " + kind(v));
    return null;
  }

  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
  }
}
