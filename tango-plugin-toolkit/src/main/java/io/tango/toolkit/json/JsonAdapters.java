package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.function.Function;

/** Turns the static readers and writers of this package into Jackson deserializers and serializers. */
final class JsonAdapters {
    private JsonAdapters() {}

    /** Writes a value of {@code T} to a generator. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T value, JsonGenerator generator, SerializerProvider provider) throws IOException;
    }

    static <T> StdSerializer<T> serializer(Class<T> type, Writer<T> writer) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                writer.write(value, generator, provider);
            }
        };
    }

    /**
     * @param reader reads a whole JSON value; its {@link IllegalArgumentException}s become mismatched-input errors
     *     with the same message (a JSON null is read as a Java null without calling it)
     */
    static <T> StdDeserializer<T> deserializer(Class<T> type, Function<JsonNode, T> reader) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = context.readTree(parser);
                try {
                    return reader.apply(node);
                } catch (IllegalArgumentException e) {
                    return context.reportInputMismatch(type, e.getMessage());
                }
            }
        };
    }
}
