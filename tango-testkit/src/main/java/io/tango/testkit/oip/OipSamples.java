package io.tango.testkit.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import io.tango.toolkit.oip.OipDatatype;
import io.tango.toolkit.oip.grpc.InferTensorContents;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Four sample values per OIP datatype (a {@code [2, 2]} tensor), chosen at the edges of each type's range, and their
 * encodings as JSON data, as the binary extension's little-endian bytes and as gRPC typed contents; each decoder
 * gives the values back as canonical strings, so a round trip is checked by comparing lists of strings. FP16 and BF16
 * values are their 16-bit patterns ({@code 0x3800}). Stateless.
 */
final class OipSamples {

    static final List<Long> SHAPE = List.of(2L, 2L);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OipSamples() {
    }

    /** The sample values, canonical: what every decoder below must give back. */
    static List<String> values(OipDatatype type) {
        return switch (type) {
            case BOOL -> List.of("true", "false", "false", "true");
            case UINT8 -> List.of("0", "1", "254", "255");
            case UINT16 -> List.of("0", "1", "65534", "65535");
            case UINT32 -> List.of("0", "1", "4294967294", "4294967295");
            case UINT64 -> List.of("0", "1", "9007199254740993", "18446744073709551615");
            case INT8 -> List.of("-128", "-1", "0", "127");
            case INT16 -> List.of("-32768", "-1", "0", "32767");
            case INT32 -> List.of("-2147483648", "-1", "0", "2147483647");
            case INT64 -> List.of("-9223372036854775808", "-1", "9007199254740993", "9223372036854775807");
            case FP16 -> List.of("0x3800", "0xbd00", "0x4000", "0x7bff");
            case BF16 -> List.of("0x3f80", "0xc000", "0x3f00", "0x4040");
            case FP32 -> List.of("0.5", "-1.25", "1024.0", "3.0E38");
            case FP64 -> List.of("0.1", "-1.0E300", "2.5", "1.7976931348623157E308");
            case BYTES -> List.of("a", "h\u00e9llo", "", "x y");
        };
    }

    /** The input name of the identity model for a datatype: {@code in_<lower-case wire name>}. */
    static String input(OipDatatype type) {
        return "in_" + type.wireName().toLowerCase(Locale.ROOT);
    }

    /** The output name of the identity model for a datatype: {@code out_<lower-case wire name>}. */
    static String output(OipDatatype type) {
        return "out_" + type.wireName().toLowerCase(Locale.ROOT);
    }

    static ArrayNode jsonData(OipDatatype type) {
        ArrayNode data = JSON.arrayNode();
        for (String value : values(type)) {
            switch (type) {
                case BOOL -> data.add(Boolean.parseBoolean(value));
                case FP32 -> data.add((double) Float.parseFloat(value));
                case FP64 -> data.add(Double.parseDouble(value));
                case BYTES -> data.add(value);
                case FP16, BF16 -> throw new IllegalArgumentException(type + " has no JSON form");
                default -> data.add(new BigInteger(value));
            }
        }
        return data;
    }

    /** Decodes JSON {@code data}, flat or nested, to canonical strings. */
    static List<String> fromJson(OipDatatype type, JsonNode data) {
        List<String> values = new ArrayList<>();
        flatten(type, data, values);
        return values;
    }

    private static void flatten(OipDatatype type, JsonNode node, List<String> values) {
        if (node.isArray()) {
            node.forEach(element -> flatten(type, element, values));
            return;
        }
        values.add(switch (type) {
            case BOOL -> node.isBoolean() ? Boolean.toString(node.booleanValue()) : "not a JSON boolean: " + node;
            case FP32 -> node.isNumber() ? Float.toString((float) node.doubleValue()) : "not a JSON number: " + node;
            case FP64 -> node.isNumber() ? Double.toString(node.doubleValue()) : "not a JSON number: " + node;
            case BYTES -> node.isTextual() ? node.textValue() : "not a JSON string: " + node;
            default -> node.isIntegralNumber() ? node.bigIntegerValue().toString() : "not a JSON integer: " + node;
        });
    }

    /** The values as the binary extension (and gRPC raw contents) carry them. */
    static byte[] raw(OipDatatype type) {
        List<String> values = values(type);
        if (type == OipDatatype.BYTES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String value : values) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
                out.writeBytes(utf8);
            }
            return out.toByteArray();
        }
        ByteBuffer buffer = ByteBuffer.allocate(values.size() * type.elementSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (String value : values) {
            switch (type) {
                case BOOL -> buffer.put((byte) (Boolean.parseBoolean(value) ? 1 : 0));
                case UINT8, INT8 -> buffer.put(new BigInteger(value).byteValue());
                case UINT16, INT16 -> buffer.putShort(new BigInteger(value).shortValue());
                case UINT32, INT32 -> buffer.putInt(new BigInteger(value).intValue());
                case UINT64, INT64 -> buffer.putLong(new BigInteger(value).longValue());
                case FP16, BF16 -> buffer.putShort((short) Integer.parseInt(value.substring(2), 16));
                case FP32 -> buffer.putFloat(Float.parseFloat(value));
                case FP64 -> buffer.putDouble(Double.parseDouble(value));
                default -> throw new IllegalStateException(type.toString());
            }
        }
        return buffer.array();
    }

    /** Decodes little-endian tensor bytes to canonical strings. */
    static List<String> fromRaw(OipDatatype type, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new ArrayList<>();
        while (buffer.hasRemaining()) {
            values.add(switch (type) {
                case BOOL -> Boolean.toString(buffer.get() != 0);
                case UINT8 -> Integer.toString(Byte.toUnsignedInt(buffer.get()));
                case INT8 -> Byte.toString(buffer.get());
                case UINT16 -> Integer.toString(Short.toUnsignedInt(buffer.getShort()));
                case INT16 -> Short.toString(buffer.getShort());
                case UINT32 -> Integer.toUnsignedString(buffer.getInt());
                case INT32 -> Integer.toString(buffer.getInt());
                case UINT64 -> Long.toUnsignedString(buffer.getLong());
                case INT64 -> Long.toString(buffer.getLong());
                case FP16, BF16 -> String.format("0x%04x", Short.toUnsignedInt(buffer.getShort()));
                case FP32 -> Float.toString(buffer.getFloat());
                case FP64 -> Double.toString(buffer.getDouble());
                case BYTES -> {
                    byte[] element = new byte[buffer.getInt()];
                    buffer.get(element);
                    yield new String(element, StandardCharsets.UTF_8);
                }
            });
        }
        return values;
    }

    /** Whether gRPC's {@code InferTensorContents} has a field for the datatype (FP16 and BF16 travel raw only). */
    static boolean hasTypedContents(OipDatatype type) {
        return type != OipDatatype.FP16 && type != OipDatatype.BF16;
    }

    static InferTensorContents contents(OipDatatype type) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (String value : values(type)) {
            switch (type) {
                case BOOL -> contents.addBoolContents(Boolean.parseBoolean(value));
                case INT8, INT16, INT32 -> contents.addIntContents(Integer.parseInt(value));
                case INT64 -> contents.addInt64Contents(Long.parseLong(value));
                case UINT8, UINT16, UINT32 -> contents.addUintContents((int) Long.parseLong(value));
                case UINT64 -> contents.addUint64Contents(new BigInteger(value).longValue());
                case FP32 -> contents.addFp32Contents(Float.parseFloat(value));
                case FP64 -> contents.addFp64Contents(Double.parseDouble(value));
                case BYTES -> contents.addBytesContents(ByteString.copyFromUtf8(value));
                default -> throw new IllegalArgumentException(type + " has no typed gRPC contents");
            }
        }
        return contents.build();
    }

    static List<String> fromContents(OipDatatype type, InferTensorContents contents) {
        List<String> values = new ArrayList<>();
        switch (type) {
            case BOOL -> contents.getBoolContentsList().forEach(v -> values.add(v.toString()));
            case INT8, INT16, INT32 -> contents.getIntContentsList().forEach(v -> values.add(v.toString()));
            case INT64 -> contents.getInt64ContentsList().forEach(v -> values.add(v.toString()));
            case UINT8, UINT16, UINT32 -> contents.getUintContentsList()
                    .forEach(v -> values.add(Integer.toUnsignedString(v)));
            case UINT64 -> contents.getUint64ContentsList().forEach(v -> values.add(Long.toUnsignedString(v)));
            case FP32 -> contents.getFp32ContentsList().forEach(v -> values.add(v.toString()));
            case FP64 -> contents.getFp64ContentsList().forEach(v -> values.add(v.toString()));
            case BYTES -> contents.getBytesContentsList().forEach(v -> values.add(v.toStringUtf8()));
            default -> throw new IllegalArgumentException(type + " has no typed gRPC contents");
        }
        return values;
    }
}
