package io.tango.plugin.oip;

import io.tango.api.TangoComponent;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.config.MapTangoConfig;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the plugin's components through their factories from plain key/value configs, as the runtime would. */
final class TestComponents {
    private TestComponents() {}

    /**
     * @param factory a factory
     * @param server the {@code base_url}, or null for none
     * @param keyValues more options: key, value, key, value …
     * @param <T> the component kind
     * @return the component, instance name {@code test}
     */
    static <T extends TangoComponent> T create(TangoFactory<T> factory, URI server, Object... keyValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (server != null) {
            config.put("base_url", server.toString());
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return factory.create(MapTangoConfig.of(config), "test");
    }
}
