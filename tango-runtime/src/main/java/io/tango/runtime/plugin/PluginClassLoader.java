package io.tango.runtime.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The class loader of one plugin: the plugin's own jars, over the platform class loader, so a plugin sees neither
 * the host's class path nor other plugins. Only the API's packages ({@code io.tango.api.}) and SLF4J
 * ({@code org.slf4j.}) come from the host's loader, first, so plugin and host speak the same types and log to the
 * same place. Resources are the plugin's own (plus the platform's), so {@link java.util.ServiceLoader} over this loader
 * sees only the plugin's {@code META-INF/services}.
 *
 * <p>Parallel-capable and thread-safe, as {@link URLClassLoader} is.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** Package prefixes loaded from the host's loader, before the plugin's jars. */
    public static final List<String> PARENT_FIRST_PACKAGES = List.of("io.tango.api.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final String pluginName;
    private final ClassLoader apiClassLoader;

    /**
     * @param pluginName the plugin's name, for diagnostics
     * @param urls the plugin's jars
     * @param apiClassLoader the loader the host's API and SLF4J classes come from
     */
    public PluginClassLoader(String pluginName, List<URL> urls, ClassLoader apiClassLoader) {
        super("tango-plugin-" + requireNonNull(pluginName, "pluginName is null"),
                requireNonNull(urls, "urls is null").toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.apiClassLoader = requireNonNull(apiClassLoader, "apiClassLoader is null");
    }

    /** @return the plugin's name */
    public String pluginName() {
        return pluginName;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : PARENT_FIRST_PACKAGES) {
            if (name.startsWith(prefix)) {
                return apiClassLoader.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginName + "]";
    }
}
