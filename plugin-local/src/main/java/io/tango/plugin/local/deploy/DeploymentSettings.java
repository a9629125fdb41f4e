package io.tango.plugin.local.deploy;

import io.tango.api.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one local deployment, from its {@code config} map.
 *
 * @param serve whether it is served over HTTP
 * @param port the port it is served on; 0 for any free port
 */
record DeploymentSettings(boolean serve, int port) {
    static final List<String> KEYS = List.of("serve", "port");

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
        int port = current.port;
        if (config.containsKey("port")) {
            try {
                port = Integer.parseInt(config.get("port").strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new InvalidRequestException("config 'port' is '" + config.get("port") + "'; expected 0 (any free port) to 65535");
            }
        }
        return new DeploymentSettings(serve, port);
    }

    static DeploymentSettings defaults() {
        return new DeploymentSettings(false, 0);
    }

    Map<String, String> toConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("serve", Boolean.toString(serve));
        config.put("port", Integer.toString(port));
        return config;
    }
}
