package io.stickless.examples.mysfits;

import java.math.BigDecimal;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One mysfit as the service answers it; the field names are the JSON names of the workshop's API.
 * The DynamoDB attribute names live here and nowhere else.
 */
public record Mysfit(
    String mysfitId,
    String name,
    String species,
    String description,
    BigDecimal age,
    String goodevil,
    String lawchaos,
    String thumbImageUri,
    String profileImageUri,
    BigDecimal likes,
    Boolean adopted) {

  static final String ID = "MysfitId";
  static final String NAME = "Name";
  static final String SPECIES = "Species";
  static final String DESCRIPTION = "Description";
  static final String AGE = "Age";
  static final String GOOD_EVIL = "GoodEvil";
  static final String LAW_CHAOS = "LawChaos";
  static final String THUMB_IMAGE_URI = "ThumbImageUri";
  static final String PROFILE_IMAGE_URI = "ProfileImageUri";
  static final String LIKES = "Likes";
  static final String ADOPTED = "Adopted";

  /** Reads an item of {@code MysfitsTable}; attributes it lacks (or of another type) are null. */
  static Mysfit fromItem(Map<String, AttributeValue> item) {
    return new Mysfit(
        s(item, ID),
        s(item, NAME),
        s(item, SPECIES),
        s(item, DESCRIPTION),
        n(item, AGE),
        s(item, GOOD_EVIL),
        s(item, LAW_CHAOS),
        s(item, THUMB_IMAGE_URI),
        s(item, PROFILE_IMAGE_URI),
        n(item, LIKES),
        item.containsKey(ADOPTED) ? item.get(ADOPTED).bool() : null);
  }

  private static String s(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static BigDecimal n(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? null : new BigDecimal(value.n());
  }
}
