package io.tango.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Repeated measurements of one quantity (JMH iterations, wrk runs, process starts), summarized by their median and
 * their spread (smallest and largest). Immutable.
 *
 * @param unit the unit, e.g. {@code ns/op}
 * @param values the measurements, in the order taken
 */
public record Sample(String unit, List<Double> values) {
    public Sample {
        requireNonNull(unit, "unit is null");
        values = List.copyOf(requireNonNull(values, "values is null"));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
    }

    /** @return the median (the mean of the two middle values for an even count) */
    public double median() {
        List<Double> sorted = sorted();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** @return the smallest value */
    public double min() {
        return sorted().get(0);
    }

    /** @return the largest value */
    public double max() {
        return sorted().get(values.size() - 1);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
