package io.tango.runtime.plugin;

import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;

import static java.util.Objects.requireNonNull;

/**
 * A usable factory found by discovery.
 *
 * @param kind its component kind
 * @param factory the factory
 * @param location the jar or folder it came from
 * @param plugin the plugin's name
 * @param classLoader the class loader to make current while calling into it
 * @param isolated whether it lives in its own plugin class loader (calls into it then swap the context class loader)
 */
public record DiscoveredFactory(
        ComponentKind kind,
        TangoFactory<?> factory,
        String location,
        String plugin,
        ClassLoader classLoader,
        boolean isolated) {

    public DiscoveredFactory {
        requireNonNull(kind, "kind is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(location, "location is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(classLoader, "classLoader is null");
    }

    /** @return the factory's type name */
    public String type() {
        return factory.type();
    }

    /** @return {@code class in plugin name (jar)}, or {@code class (jar)} on the class path, for messages */
    public String describe() {
        return factory.getClass().getName() + (isolated ? " in plugin " + plugin : "") + " (" + location + ")";
    }

    /** @return what to remove to get rid of this provider: its plugin's folder (or loose jar), or its class-path jar */
    public String source() {
        return classLoader instanceof PluginClassLoader pluginLoader ? pluginLoader.location().toString() : location;
    }
}
