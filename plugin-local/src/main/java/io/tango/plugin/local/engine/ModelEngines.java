package io.tango.plugin.local.engine;

import io.tango.api.PluginLoadException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static java.util.Objects.requireNonNull;

/** The engines available to this plugin, by name. Immutable and thread-safe. */
public final class ModelEngines {
    private final Map<String, ModelEngine> engines;

    /**
     * @param engines the engines, first wins when two share a name
     * @throws PluginLoadException if two engines share a name
     */
    public ModelEngines(List<ModelEngine> engines) {
        Map<String, ModelEngine> byName = new LinkedHashMap<>();
        for (ModelEngine engine : requireNonNull(engines, "engines is null")) {
            String name = engine.name().toLowerCase(Locale.ROOT);
            ModelEngine previous = byName.putIfAbsent(name, engine);
            if (previous != null) {
                throw new PluginLoadException("two plugin-local engines are named '" + name + "': "
                        + previous.getClass().getName() + " and " + engine.getClass().getName() + "; remove one");
            }
        }
        this.engines = Collections.unmodifiableMap(byName);
    }

    /**
     * Finds the engines in the plugin's own class loader (so engines in the plugin's folder are seen even when the
     * plugin is loaded in isolation).
     *
     * @return the engines found
     * @throws PluginLoadException if an engine cannot be instantiated or two share a name
     */
    public static ModelEngines discover() {
        List<ModelEngine> found = new ArrayList<>();
        try {
            for (ModelEngine engine : ServiceLoader.load(ModelEngine.class, ModelEngine.class.getClassLoader())) {
                found.add(engine);
            }
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("cannot load a plugin-local engine: " + e.getMessage(), e);
        }
        return new ModelEngines(found);
    }

    /**
     * @param name an engine's name, case-insensitive
     * @return the engine, if there is one of that name
     */
    public Optional<ModelEngine> get(String name) {
        return Optional.ofNullable(engines.get(requireNonNull(name, "name is null").toLowerCase(Locale.ROOT)));
    }

    /** @return the names of the engines that load models, sorted */
    public List<String> loadable() {
        return engines.values().stream().filter(ModelEngine::canLoad).map(ModelEngine::name).sorted().toList();
    }

    /** @return the names of the engines that train models, sorted */
    public List<String> trainable() {
        return engines.values().stream().filter(ModelEngine::canTrain).map(ModelEngine::name).sorted().toList();
    }

    /** @return every engine, in discovery order */
    public List<ModelEngine> all() {
        return List.copyOf(engines.values());
    }
}
