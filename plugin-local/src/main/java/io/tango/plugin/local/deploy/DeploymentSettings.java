package io.tango.plugin.local.deploy;

import io.tango.api.InvalidRequestException;
import io.tango.plugin.local.batch.BatchingSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one local deployment, from its {@code config} map.
 *
 * @param serve whether it is served over HTTP
 * @param port the port it is served on; 0 for any free port
 * @param grpcPort the port of OIP's gRPC service beside it; 0 for any free port, empty for none
 * @param host the address it is served on; empty for the client's {@code host}
 * @param batching how its served requests are joined into batches ({@code max_batch_size}, {@code max_batch_delay},
 *     {@code preferred_batch_sizes})
 */
record DeploymentSettings(boolean serve, int port, OptionalInt grpcPort, Optional<String> host, BatchingSettings batching) {
    static final List<String> KEYS = List.of("serve", "port", "grpc_port", "host", "max_batch_size", "max_batch_delay",
            "preferred_batch_sizes");
    /** The {@code grpc_port} value that turns gRPC off. */
    static final String NONE = "none";

    /**
     * @param config the settings given
     * @param current the settings they change (all defaults for a new deployment)
     * @return the resulting settings
     * @throws InvalidRequestException if a key is unknown or a value invalid
     */
    static DeploymentSettings parse(Map<String, String> config, DeploymentSettings current) {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("unknown config key '" + key + "' for deployment target 'local'; keys: " + KEYS);
            }
        }
        boolean serve = current.serve;
        if (config.containsKey("serve")) {
            String value = config.get("serve").strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new InvalidRequestException("config 'serve' is '" + config.get("serve") + "'; expected true or false");
            }
            serve = Boolean.parseBoolean(value);
        }
        int port = config.containsKey("port") ? port("port", config.get("port")) : current.port;
        OptionalInt grpcPort = current.grpcPort;
        if (config.containsKey("grpc_port")) {
            String value = config.get("grpc_port").strip();
            grpcPort = value.equalsIgnoreCase(NONE) ? OptionalInt.empty() : OptionalInt.of(port("grpc_port", value));
        }
        Optional<String> host = current.host;
        if (config.containsKey("host")) {
            String value = config.get("host").strip();
            if (value.isEmpty()) {
                throw new InvalidRequestException("config 'host' is empty; give the address to serve on, e.g. 127.0.0.1"
                        + " (loopback) or 0.0.0.0 (every interface)");
            }
            host = Optional.of(value);
        }
        return new DeploymentSettings(serve, port, grpcPort, host, batching(config, current.batching));
    }

    /** The batching keys over the current settings, every problem of them reported at once. */
    private static BatchingSettings batching(Map<String, String> config, BatchingSettings current) {
        List<String> problems = new ArrayList<>();
        int maxBatchSize = current.maxBatchSize();
        if (config.containsKey("max_batch_size")) {
            String text = config.get("max_batch_size");
            maxBatchSize = (int) whole(text, Integer.MAX_VALUE);
            if (maxBatchSize < 1) {
                problems.add("config 'max_batch_size' is '" + text + "'; expected a whole number of rows of at least 1"
                        + " (1 turns batching off), e.g. 32");
                maxBatchSize = current.maxBatchSize();
            }
        }
        long delay = current.maxBatchDelayMicros();
        if (config.containsKey("max_batch_delay")) {
            String text = config.get("max_batch_delay");
            delay = whole(text, Integer.MAX_VALUE);
            if (delay < 0) {
                problems.add("config 'max_batch_delay' is '" + text + "'; expected microseconds, a whole number from 0"
                        + " (join only what is already queued) to " + Integer.MAX_VALUE + ", e.g. 500");
                delay = current.maxBatchDelayMicros();
            }
        }
        List<Integer> preferred = current.preferredBatchSizes();
        if (config.containsKey("preferred_batch_sizes")) {
            String text = config.get("preferred_batch_sizes");
            preferred = new ArrayList<>();
            if (!text.isBlank()) {
                for (String part : text.split(",", -1)) {
                    long size = whole(part, Integer.MAX_VALUE);
                    if (size < 1) {
                        problems.add("config 'preferred_batch_sizes' is '" + text + "'; expected a comma-separated list"
                                + " of whole numbers of rows from 1 to max_batch_size, e.g. 4,8");
                        preferred = List.of();
                        break;
                    }
                    preferred.add((int) size);
                }
            }
        }
        for (int size : preferred) {
            if (size > maxBatchSize) {
                problems.add("config 'preferred_batch_sizes' has " + size + ", larger than max_batch_size " + maxBatchSize
                        + "; give sizes from 1 to " + maxBatchSize + " or raise max_batch_size");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(String.join("; ", problems));
        }
        return new BatchingSettings(maxBatchSize, delay, preferred.stream().distinct().sorted().toList());
    }

    /** @return the whole number {@code text} holds, from 0 to {@code max}; -1 when it holds none */
    private static long whole(String text, long max) {
        try {
            long value = Long.parseLong(text.strip());
            return value >= 0 && value <= max ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int port(String key, String text) {
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new InvalidRequestException("config '" + key + "' is '" + text + "'; expected 0 (any free port) to 65535"
                    + (key.equals("grpc_port") ? ", or " + NONE : ""));
        }
        return port;
    }

    static DeploymentSettings defaults() {
        return new DeploymentSettings(false, 0, OptionalInt.empty(), Optional.empty(), BatchingSettings.OFF);
    }

    Map<String, String> toConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("serve", Boolean.toString(serve));
        config.put("port", Integer.toString(port));
        grpcPort.ifPresent(value -> config.put("grpc_port", Integer.toString(value)));
        host.ifPresent(value -> config.put("host", value));
        if (batching.maxBatchSize() != BatchingSettings.OFF.maxBatchSize()) {
            config.put("max_batch_size", Integer.toString(batching.maxBatchSize()));
        }
        if (batching.maxBatchDelayMicros() != BatchingSettings.OFF.maxBatchDelayMicros()) {
            config.put("max_batch_delay", Long.toString(batching.maxBatchDelayMicros()));
        }
        if (!batching.preferredBatchSizes().isEmpty()) {
            config.put("preferred_batch_sizes", String.join(",", batching.preferredBatchSizes().stream()
                    .map(String::valueOf).toList()));
        }
        return config;
    }
}
