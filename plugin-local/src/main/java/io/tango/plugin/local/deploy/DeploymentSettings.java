package io.tango.plugin.local.deploy;

import io.tango.api.InvalidRequestException;

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
 */
record DeploymentSettings(boolean serve, int port, OptionalInt grpcPort, Optional<String> host) {
    static final List<String> KEYS = List.of("serve", "port", "grpc_port", "host");
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
        return new DeploymentSettings(serve, port, grpcPort, host);
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
        return new DeploymentSettings(false, 0, OptionalInt.empty(), Optional.empty());
    }

    Map<String, String> toConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("serve", Boolean.toString(serve));
        config.put("port", Integer.toString(port));
        grpcPort.ifPresent(value -> config.put("grpc_port", Integer.toString(value)));
        host.ifPresent(value -> config.put("host", value));
        return config;
    }
}
