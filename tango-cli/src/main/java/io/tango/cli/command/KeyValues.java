package io.tango.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tango.cli.Json;
import picocli.CommandLine.ParameterException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code key=value} options ({@code -C} of {@code mlflow deployments}, {@code -a} of {@code tango train}): a value
 * without {@code =} or a key given twice is a usage error, as in MLflow.
 */
final class KeyValues {
    private KeyValues() {}

    /**
     * @param option the option's name, for messages ({@code -C})
     * @param pairs the values given, in order
     * @param usage builds a usage error
     * @return the pairs by key, in order
     */
    static Map<String, String> parse(String option, List<String> pairs, Function<String, ParameterException> usage) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw usage.apply("invalid " + option + " value '" + pair + "': expected key=value");
            }
            String key = pair.substring(0, equals).strip();
            if (result.containsKey(key)) {
                throw usage.apply("repeated " + option + " key '" + key + "': give each key once");
            }
            result.put(key, pair.substring(equals + 1));
        }
        return result;
    }

    /**
     * Reads each value as JSON when it is JSON (a number, {@code true}, a list, an object, a quoted string), else as
     * text: {@code epochs=30} is the number 30, {@code data=iris.csv} the text "iris.csv".
     *
     * @param pairs text values by key
     * @return typed values by key, in order
     */
    static Map<String, Object> typed(Map<String, String> pairs) {
        Map<String, Object> result = new LinkedHashMap<>();
        pairs.forEach((key, text) -> result.put(key, typed(text)));
        return result;
    }

    private static Object typed(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return text;
        }
        try {
            Object parsed = Json.mapper().readValue(value, Object.class);
            return parsed == null ? text : parsed;
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
