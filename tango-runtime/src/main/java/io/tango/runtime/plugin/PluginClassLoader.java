package io.tango.runtime.plugin;

import io.tango.api.PluginLoadException;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
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

    private static final String NOT_INITIALIZED = "Could not initialize class";

    private final String pluginName;
    private final Path location;
    private final ClassLoader apiClassLoader;

    /**
     * @param pluginName the plugin's name, for diagnostics
     * @param location the plugin's folder, or its jar when it is a loose jar
     * @param urls the plugin's jars
     * @param apiClassLoader the loader the host's API and SLF4J classes come from
     */
    public PluginClassLoader(String pluginName, Path location, List<URL> urls, ClassLoader apiClassLoader) {
        super("tango-plugin-" + requireNonNull(pluginName, "pluginName is null"),
                requireNonNull(urls, "urls is null").toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.location = requireNonNull(location, "location is null");
        this.apiClassLoader = requireNonNull(apiClassLoader, "apiClassLoader is null");
    }

    /** @return the plugin's name */
    public String pluginName() {
        return pluginName;
    }

    /** @return the plugin's folder, or its jar when it is a loose jar */
    public Path location() {
        return location;
    }

    /**
     * A class the plugin's code needs and none of its jars holds surfaces as a {@link NoClassDefFoundError} the first
     * time that code runs, far from its cause: this names the plugin, its folder and the class instead.
     *
     * @param loader the loader of the code that threw: only a plugin's is explained
     * @param error what a call into that code threw
     * @throws PluginLoadException instead of {@code error}, when it is a class missing from a plugin
     */
    public static void throwIfMissingClass(ClassLoader loader, Throwable error) {
        if (loader instanceof PluginClassLoader plugin
                && error instanceof NoClassDefFoundError
                && error.getMessage() != null
                && !error.getMessage().startsWith(NOT_INITIALIZED)) {
            throw plugin.missingClass(error);
        }
    }

    private PluginLoadException missingClass(Throwable error) {
        String className = error.getMessage().replace('/', '.');
        String fix = location.toString().endsWith(".jar")
                ? "make a folder " + location.resolveSibling(pluginName) + "/ holding " + location.getFileName() + " and the jar that holds it"
                : "add the jar that holds it to " + location + "/";
        return new PluginLoadException("plugin " + pluginName + " (" + location + ") is missing class " + className + ": " + fix, error);
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
