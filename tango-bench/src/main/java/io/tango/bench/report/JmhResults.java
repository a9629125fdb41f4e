package io.tango.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The results of a JMH run, read from its JSON output ({@code -rf json}): for each benchmark method (and parameter
 * values), every measurement iteration of every fork; and of each secondary metric a profiler added, under
 * {@code <key>:<metric>} (e.g. {@code tangoModelPredict:gc.alloc.rate.norm} with {@code -prof gc}).
 */
public final class JmhResults {
    private final Map<String, Sample> samples;

    private JmhResults(Map<String, Sample> samples) {
        this.samples = samples;
    }

    /**
     * @param file JMH's JSON output
     * @return its results
     */
    public static JmhResults read(Path file) {
        requireNonNull(file, "file is null");
        try {
            return parse(new ObjectMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file, e);
        }
    }

    static JmhResults parse(JsonNode root) {
        Map<String, Sample> samples = new TreeMap<>();
        for (JsonNode benchmark : root) {
            String name = benchmark.get("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder key = new StringBuilder(method);
            JsonNode params = benchmark.get("params");
            if (params != null) {
                params.properties().forEach(param -> key.append('[').append(param.getKey()).append('=')
                        .append(param.getValue().asText()).append(']'));
            }
            JsonNode metric = benchmark.get("primaryMetric");
            List<Double> values = new ArrayList<>();
            for (JsonNode fork : metric.get("rawData")) {
                for (JsonNode iteration : fork) {
                    values.add(iteration.asDouble());
                }
            }
            samples.put(key.toString(), new Sample(metric.get("scoreUnit").asText(), values));
            JsonNode secondary = benchmark.get("secondaryMetrics");
            if (secondary != null) {
                secondary.properties().forEach(entry -> {
                    List<Double> measured = new ArrayList<>();
                    for (JsonNode fork : entry.getValue().path("rawData")) {
                        for (JsonNode iteration : fork) {
                            measured.add(iteration.asDouble());
                        }
                    }
                    if (!measured.isEmpty()) {
                        samples.put(key + ":" + entry.getKey(), new Sample(entry.getValue().get("scoreUnit").asText(), measured));
                    }
                });
            }
        }
        return new JmhResults(samples);
    }

    /**
     * @param key a method name, with {@code [param=value]} for each parameter, e.g. {@code buildAndClose[plugins=10]},
     *     then {@code :<metric>} for a secondary metric
     * @return its iterations, if the run has it
     */
    public Optional<Sample> sample(String key) {
        return Optional.ofNullable(samples.get(requireNonNull(key, "key is null")));
    }

    /** @return every benchmark key of the run */
    public java.util.Set<String> keys() {
        return samples.keySet();
    }
}
