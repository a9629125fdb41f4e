package io.tango.testkit.contract;

import io.tango.api.Blob;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares a prediction with the one the plugin's author expects: each output the author names, numbers by value (so
 * {@code 2} equals {@code 2.0}), tensors as nested lists. Used by the contracts' expected-prediction hooks.
 */
final class ExpectedPredictions {
    private ExpectedPredictions() {
    }

    /**
     * Compares the outputs the expected response names; outputs it leaves out (a model's probabilities, say) are not
     * compared, so an author can pin what is deterministic.
     */
    static void assertPredicted(TangoResponse actual, TangoResponse expected, TangoRequest request) {
        String description = "prediction for " + request.inputs()
                + " (a prediction that echoes its input, or answers anything, fails here)";
        Map<String, Object> named = new TreeMap<>();
        expected.outputs().keySet().forEach(name -> named.put(name, actual.outputs().get(name)));
        assertThat(actual.outputs()).as(description).containsKeys(expected.outputs().keySet().toArray(String[]::new));
        assertThat(normalized(named)).as(description).isEqualTo(normalized(expected.outputs()));
    }

    static void assertAnswered(Blob actual, Blob expected, Blob payload) {
        assertThat(new String(actual.bytes(), StandardCharsets.UTF_8).strip())
                .as("answer to the payload %s (an answer that echoes its payload fails here)",
                        new String(payload.bytes(), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected.bytes(), StandardCharsets.UTF_8).strip());
    }

    private static Object normalized(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        if (value instanceof Tensor tensor) {
            return normalized(tensor.toNestedList());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, item) -> sorted.put(String.valueOf(key), normalized(item)));
            return sorted;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(item -> list.add(normalized(item)));
            return list;
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                list.add(normalized(java.lang.reflect.Array.get(value, i)));
            }
            return list;
        }
        return value;
    }
}
