package io.tango.runtime.plugin;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One plugin of a plugin directory: a sub-folder (all its jars) or a loose jar.
 *
 * @param name the plugin's name (the folder's or jar's name)
 * @param location the folder or jar
 * @param jars the jars on its class path
 * @param error why the plugin as a whole could not be loaded (an unreadable jar, an empty folder), if it could not
 * @param loaded whether at least one of its providers loaded: false when it has an error, and when every provider
 *     failed, is a duplicate, or none is declared
 */
public record PluginInfo(String name, String location, List<String> jars, Optional<String> error, boolean loaded) {
    public PluginInfo {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        jars = List.copyOf(requireNonNull(jars, "jars is null"));
        requireNonNull(error, "error is null");
        loaded = loaded && error.isEmpty();
    }

    PluginInfo withoutLoadedProviders() {
        return new PluginInfo(name, location, jars, error, false);
    }
}
