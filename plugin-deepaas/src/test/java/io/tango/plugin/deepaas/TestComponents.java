package io.tango.plugin.deepaas;

import io.tango.api.TangoComponent;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.config.MapTangoConfig;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the plugin's components through their factories, with a plain config, as the runtime would. */
final class TestComponents {
    private TestComponents() {}

    /**
     * @param factory a factory
     * @param instanceName the instance name
     * @param config the instance's config
     * @param <T> the component kind
     * @return the component
     */
    static <T extends TangoComponent> T create(TangoFactory<T> factory, String instanceName, Map<String, ?> config) {
        TangoConfig tangoConfig = MapTangoConfig.of(new LinkedHashMap<>(config));
        return factory.create(tangoConfig, instanceName);
    }

    /** @return a config with {@code base_url} set to the server, plus the given key/value pairs */
    static Map<String, Object> serverConfig(URI baseUrl, Object... more) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base_url", baseUrl.toString());
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }
}
