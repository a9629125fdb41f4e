package io.tango.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tango.api.config.ConfigProblem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Reads one YAML or JSON document into plain maps, lists and scalars, the last of a key written twice winning, and
 * records every such key with its path and where each copy was written. Jackson's strict duplicate detection and
 * snakeyaml's stop at the first duplicate, so that one could not be reported beside the document's other problems.
 */
final class DocumentReader {
    private final JsonParser parser;
    private final List<Duplicate> duplicates = new ArrayList<>();

    private DocumentReader(JsonParser parser) {
        this.parser = requireNonNull(parser, "parser is null");
    }

    /**
     * A document read, and the keys it writes more than once.
     *
     * @param root the document; empty when it holds nothing
     * @param duplicateKeys one problem per key written more than once, in the order of their first copy
     */
    record Result(Map<String, Object> root, List<ConfigProblem> duplicateKeys) {
        Result {
            requireNonNull(root, "root is null");
            duplicateKeys = List.copyOf(requireNonNull(duplicateKeys, "duplicateKeys is null"));
        }
    }

    private record Duplicate(String path, List<JsonLocation> locations) {}

    /**
     * @param parser a parser positioned before the document's first token
     * @return the document's first value, which must be a map (or nothing)
     * @throws IOException if the text does not parse or does not hold a map, with the parser's location
     */
    @SuppressWarnings("unchecked")
    static Result read(JsonParser parser) throws IOException {
        DocumentReader reader = new DocumentReader(parser);
        JsonToken first = parser.nextToken();
        if (first == null || first == JsonToken.VALUE_NULL) {
            return new Result(Map.of(), List.of());
        }
        if (first != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "expected a map at the top level, got "
                    + (first == JsonToken.START_ARRAY ? "a list" : "a single value"));
        }
        Map<String, Object> root = reader.map("");
        List<ConfigProblem> problems = reader.duplicates.stream()
                .sorted(Comparator.comparingInt((Duplicate duplicate) -> duplicate.locations().get(0).getLineNr())
                        .thenComparingInt(duplicate -> duplicate.locations().get(0).getColumnNr()))
                .map(duplicate -> new ConfigProblem(duplicate.path(), message(duplicate.locations())))
                .toList();
        return new Result(root, problems);
    }

    private Object value(JsonToken token, String path) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of the document");
        }
        return switch (token) {
            case START_OBJECT -> map(path);
            case START_ARRAY -> list(path);
            case VALUE_STRING -> parser.getText();
            // What Jackson's data binding makes of numbers, so that reading keeps every value's type.
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? parser.getDecimalValue()
                    : parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_EMBEDDED_OBJECT -> parser.getEmbeddedObject();
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    private Map<String, Object> map(String path) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, JsonLocation> firstCopies = new HashMap<>();
        Map<String, Duplicate> repeated = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw new JsonParseException(parser, token == null ? "unexpected end of the document" : "expected a key, got " + token);
            }
            String key = parser.currentName();
            JsonLocation location = parser.currentTokenLocation();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            map.put(key, value(parser.nextToken(), keyPath));
            JsonLocation first = firstCopies.putIfAbsent(key, location);
            if (first != null) {
                repeated.computeIfAbsent(key, unused -> new Duplicate(keyPath, new ArrayList<>(List.of(first))))
                        .locations().add(location);
            }
        }
        duplicates.addAll(repeated.values());
        return map;
    }

    private List<Object> list(String path) throws IOException {
        List<Object> list = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            list.add(value(token, path + "[" + list.size() + "]"));
        }
        return list;
    }

    /** "written twice, at lines 4 and 7"; with columns when two copies share a line. */
    private static String message(List<JsonLocation> locations) {
        boolean ownLines = locations.stream().map(JsonLocation::getLineNr).distinct().count() == locations.size();
        List<String> where = locations.stream()
                .map(location -> ownLines
                        ? String.valueOf(location.getLineNr())
                        : "line " + location.getLineNr() + ", column " + location.getColumnNr())
                .toList();
        String joined = String.join(", ", where.subList(0, where.size() - 1)) + " and " + where.get(where.size() - 1);
        return "written " + (locations.size() == 2 ? "twice" : locations.size() + " times") + ", at "
                + (ownLines ? "lines " : "") + joined + ". Keep only one.";
    }
}
