package io.stickless.cache;

import java.nio.charset.StandardCharsets;

final class SimpleCodecs {

  static final ValueCodec<String> STRING =
      new ValueCodec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
          return "ValueCodec.string()";
        }
      };

  static final ValueCodec<byte[]> BYTES =
      new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
          return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
          return bytes;
        }

        @Override
        public String toString() {
          return "ValueCodec.bytes()";
        }
      };

  private SimpleCodecs() {}
}
