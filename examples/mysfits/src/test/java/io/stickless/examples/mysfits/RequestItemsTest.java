package io.stickless.examples.mysfits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RequestItemsTest {

  @Test
  void sampleDataSetIsValidAndHoldsAtLeastADozenMysfits() {
    RequestItems items = RequestItems.parse(MysfitsLocal.sampleData(), "sample-data.json");

    assertThat(items.tables()).containsExactly(MysfitsTable.DEFAULT_NAME);
    assertThat(items.size()).isGreaterThanOrEqualTo(12);
  }

  @Test
  void readsEveryAttributeType() {
    RequestItems items =
        RequestItems.parse(
            """
            {"Tab": [{"PutRequest": {"Item": {
              "s": {"S": "x"}, "n": {"N": "-1.5e3"}, "b": {"B": "AQID"}, "t": {"BOOL": true},
              "z": {"NULL": true}, "m": {"M": {"in": {"SS": ["a", "b"]}}},
              "l": {"L": [{"N": "1"}, {"S": "two"}]}, "ss": {"SS": ["a"]},
              "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["AQ==", "Ag=="]}}}},
              {"DeleteRequest": {"Key": {"k": {"S": "gone"}}}}]}
            """,
            "test");

    var item = items.requests("Tab").get(0).putRequest().item();
    assertThat(item.get("n")).isEqualTo(AttributeValue.fromN("-1.5e3"));
    assertThat(item.get("b"))
        .isEqualTo(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
    assertThat(item.get("z")).isEqualTo(AttributeValue.fromNul(true));
    assertThat(item.get("m").m().get("in").ss()).containsExactly("a", "b");
    assertThat(item.get("l").l())
        .containsExactly(AttributeValue.fromN("1"), AttributeValue.fromS("two"));
    assertThat(item.get("bs").bs()).hasSize(2);
    assertThat(items.requests("Tab").get(1).deleteRequest().key())
        .containsEntry("k", AttributeValue.fromS("gone"));
  }

  @Test
  void malformedFileNamesEveryBadEntryAndItsProblem() {
    String json =
        """
        {"MysfitsTable": [
          {"PutRequest": {"Item": {"MysfitId": {"S": "ok"}}}},
          {"PutRequest": {"Item": {"MysfitId": {"S": "a"}, "Age": {"N": 7}}}},
          {"PutRequest": {"Item": {"MysfitId": {"X": "a"}}}},
          {"PutRequest": {"Item": {"Tags": {"SS": ["a", "a"]}, "Blob": {"B": "%%%"}}}},
          {"UpdateRequest": {}},
          {"PutRequest": {"Key": {"MysfitId": {"S": "a"}}}},
          {"PutRequest": {"Item": {"Likes": {"N": "many"}, "Gone": {"NULL": false}, "E": {"NS": []}}}}
        ]}
        """;

    assertThatThrownBy(() -> RequestItems.parse(json, "bad.json"))
        .isInstanceOf(RequestItemsException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("nothing was written")
        .satisfies(
            e ->
                assertThat(((RequestItemsException) e).problems())
                    .containsExactly(
                        "MysfitsTable[1].PutRequest.Item.Age.N: expected a number written as a"
                            + " string, e.g. \"42\", got number 7",
                        "MysfitsTable[2].PutRequest.Item.MysfitId: unknown type 'X'; use one of S,"
                            + " N, B, BOOL, NULL, M, L, SS, NS, BS",
                        "MysfitsTable[3].PutRequest.Item.Tags.SS[1]: duplicate set element (DynamoDB"
                            + " rejects sets with duplicates)",
                        "MysfitsTable[3].PutRequest.Item.Blob.B: not valid base64 (Illegal base64"
                            + " character 25)",
                        "MysfitsTable[4]: unknown request 'UpdateRequest'; use PutRequest or"
                            + " DeleteRequest",
                        "MysfitsTable[5].PutRequest: expected {\"Item\": {...}}, got object"
                            + " {\"Key\":{\"MysfitId\":{\"S\":\"a\"}}}",
                        "MysfitsTable[6].PutRequest.Item.Likes.N: 'many' is not a number",
                        "MysfitsTable[6].PutRequest.Item.Gone.NULL: expected true (the only value"
                            + " NULL takes), got boolean false",
                        "MysfitsTable[6].PutRequest.Item.E.NS: expected a non-empty array (DynamoDB"
                            + " has no empty sets), got array []"));
  }

  @Test
  void textThatIsNotJsonSaysWhere() {
    assertThatThrownBy(() -> RequestItems.parse("{\"Tab\": [\n{,", "broken.json"))
        .isInstanceOf(RequestItemsException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 2");
  }

  @Test
  void duplicateAttributeNamesAreRejected() {
    assertThatThrownBy(
            () ->
                RequestItems.parse(
                    "{\"Tab\": [{\"PutRequest\": {\"Item\": {\"a\": {\"S\": \"1\"}, \"a\": {\"S\":"
                        + " \"2\"}}}}]}",
                    "dup.json"))
        .isInstanceOf(RequestItemsException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void emptyFileOrBadTableNameIsRejected() {
    assertThatThrownBy(() -> RequestItems.parse("{}", "empty.json"))
        .hasMessageContaining("non-empty object of table name");
    assertThatThrownBy(
            () ->
                RequestItems.parse(
                    "{\"a b\": [{\"DeleteRequest\": {\"Key\": {\"k\": {\"S\": \"1\"}}}}]}", "t"))
        .hasMessageContaining("'a b': not a DynamoDB table name");
  }
}
