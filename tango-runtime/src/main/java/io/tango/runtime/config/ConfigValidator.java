package io.tango.runtime.config;

import io.tango.api.InvalidConfigException;
import io.tango.api.PluginLoadException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.ConfigProblem;
import io.tango.api.config.OptionType;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.builtin.MultiModelFinderFactory;
import io.tango.runtime.builtin.MultiModelInitializerFactory;
import io.tango.runtime.plugin.DiscoveredFactory;
import io.tango.runtime.plugin.FactoryRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Checks a {@link ConfigDocument} against the discovered factories' declared options, reporting every problem at
 * once, each with its full path: unknown sections and keys (with the nearest valid one suggested), unknown types
 * (listing the available ones), missing required options, values of the wrong type or outside the option's range,
 * references of MULTI instances to instances that do not exist or that form a cycle, keys written twice. Secret values never appear in a message.
 */
public final class ConfigValidator {
    /** The document's key for component configuration. */
    public static final String MODEL_MANAGEMENT = "model_management";
    /** The document's key for plugin settings. */
    public static final String PLUGINS = "plugins";

    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Set<String> TOP_LEVEL = Set.of(MODEL_MANAGEMENT, PLUGINS);
    private static final Set<String> PLUGIN_KEYS = Set.of("directories", "strict");
    private static final Set<String> INSTANCE_KEYS = Set.of("type", "config");

    private ConfigValidator() {}

    /**
     * The plugin settings of a document.
     *
     * @param directories the plugin directories, resolved against the document's folder
     * @param strict whether a broken plugin fails the runtime
     */
    public record PluginSettings(List<Path> directories, boolean strict) {
        public PluginSettings {
            directories = List.copyOf(requireNonNull(directories, "directories is null"));
        }
    }

    /**
     * Reads the {@code plugins} section (before discovery, which needs its directories).
     *
     * @param document the document
     * @return the settings
     * @throws InvalidConfigException listing every problem of the section and of the document's top level
     */
    public static PluginSettings pluginSettings(ConfigDocument document) {
        List<ConfigProblem> problems = new ArrayList<>(duplicateKeys(document, false));
        for (String key : document.root().keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                problems.add(new ConfigProblem(key, "unknown key." + Suggestions.didYouMean(key, TOP_LEVEL)
                        + " Valid top-level keys: " + String.join(", ", sorted(TOP_LEVEL))));
            }
        }
        List<Path> directories = new ArrayList<>();
        boolean strict = false;
        Object section = document.root().get(PLUGINS);
        if (section instanceof Map<?, ?> plugins) {
            for (Object key : plugins.keySet()) {
                if (!PLUGIN_KEYS.contains(String.valueOf(key))) {
                    problems.add(new ConfigProblem(PLUGINS + "." + key, "unknown key."
                            + Suggestions.didYouMean(String.valueOf(key), PLUGIN_KEYS)
                            + " Valid keys: " + String.join(", ", sorted(PLUGIN_KEYS))));
                }
            }
            try {
                if (plugins.get("directories") != null) {
                    for (String directory : ConfigValues.asList(plugins.get("directories"))) {
                        Path path = Path.of(directory);
                        directories.add(document.baseDirectory().map(base -> base.resolve(path)).orElse(path));
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(PLUGINS + ".directories", e.getMessage()));
            }
            try {
                if (plugins.get("strict") != null) {
                    strict = ConfigValues.asBoolean(plugins.get("strict"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(PLUGINS + ".strict", e.getMessage()));
            }
        } else if (section != null) {
            problems.add(new ConfigProblem(PLUGINS, "expected a map, got " + ConfigValues.describe(section)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new PluginSettings(directories, strict);
    }

    /**
     * Validates every configured instance.
     *
     * @param document the document
     * @param registry the discovered factories
     * @return the validated instances by kind and name, in document order
     * @throws InvalidConfigException listing every problem found
     */
    public static Map<ComponentKind, Map<String, InstanceConfig>> validate(ConfigDocument document, FactoryRegistry registry) {
        requireNonNull(document, "document is null");
        requireNonNull(registry, "registry is null");
        List<ConfigProblem> problems = new ArrayList<>(duplicateKeys(document, true));
        Map<ComponentKind, Map<String, InstanceConfig>> result = new EnumMap<>(ComponentKind.class);
        Map<ComponentKind, Set<String>> declared = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            result.put(kind, new LinkedHashMap<>());
            declared.put(kind, new LinkedHashSet<>());
        }
        Object management = document.root().get(MODEL_MANAGEMENT);
        if (management != null && !(management instanceof Map)) {
            problems.add(new ConfigProblem(MODEL_MANAGEMENT, "expected a map, got " + ConfigValues.describe(management)));
        } else if (management instanceof Map<?, ?> sections) {
            List<String> sectionNames = Arrays.stream(ComponentKind.values()).map(ComponentKind::section).collect(Collectors.toList());
            sections.forEach((sectionKey, instances) -> {
                String section = String.valueOf(sectionKey);
                String path = MODEL_MANAGEMENT + "." + section;
                Optional<ComponentKind> kind = ComponentKind.ofSection(section);
                if (kind.isEmpty()) {
                    problems.add(new ConfigProblem(path, "unknown section." + Suggestions.didYouMean(section, sectionNames)
                            + " Valid sections: " + String.join(", ", sectionNames)));
                    return;
                }
                if (instances == null) {
                    return;
                }
                if (!(instances instanceof Map<?, ?> named)) {
                    problems.add(new ConfigProblem(path, "expected a map of instance names to {type, config}, got "
                            + ConfigValues.describe(instances)));
                    return;
                }
                named.forEach((name, blob) -> {
                    declared.get(kind.get()).add(String.valueOf(name));
                    instance(kind.get(), String.valueOf(name), blob, registry, problems)
                            .ifPresent(config -> result.get(kind.get()).put(config.name(), config));
                });
            });
        }
        checkReferences(result, declared, registry, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        Map<ComponentKind, Map<String, InstanceConfig>> frozen = new EnumMap<>(ComponentKind.class);
        result.forEach((kind, map) -> frozen.put(kind, java.util.Collections.unmodifiableMap(map)));
        return java.util.Collections.unmodifiableMap(frozen);
    }

    /**
     * Validates one instance blob: {@code {type, config}}.
     *
     * @return the instance, or empty when problems were added
     */
    static Optional<InstanceConfig> instance(
            ComponentKind kind, String name, Object blob, FactoryRegistry registry, List<ConfigProblem> problems) {
        String path = MODEL_MANAGEMENT + "." + kind.section() + "." + name;
        if (!INSTANCE_NAME.matcher(name).matches()) {
            problems.add(new ConfigProblem(path, "instance name '" + name
                    + "' must start with a letter or digit and hold only letters, digits, '_', '.' and '-'"));
            return Optional.empty();
        }
        if (!(blob instanceof Map<?, ?> map)) {
            problems.add(new ConfigProblem(path, "expected {type, config}, got " + ConfigValues.describe(blob)));
            return Optional.empty();
        }
        int before = problems.size();
        for (Object key : map.keySet()) {
            if (!INSTANCE_KEYS.contains(String.valueOf(key))) {
                problems.add(new ConfigProblem(path + "." + key, "unknown key."
                        + Suggestions.didYouMean(String.valueOf(key), INSTANCE_KEYS) + " Valid keys: config, type"));
            }
        }
        Object type = map.get("type");
        Object config = map.get("config");
        if (config != null && !(config instanceof Map)) {
            problems.add(new ConfigProblem(path + ".config", "expected a map, got " + ConfigValues.describe(config)));
            config = null;
        }
        if (type == null) {
            problems.add(new ConfigProblem(path + ".type", "is required. Available " + kind.displayName() + " types: "
                    + String.join(", ", registry.types(kind))));
            return Optional.empty();
        }
        Optional<DiscoveredFactory> factory;
        try {
            factory = registry.find(kind, String.valueOf(type));
        } catch (PluginLoadException duplicate) {
            // Two plugins declare the type: only this instance is unusable, and using it fails with the clash.
            return Optional.of(new InstanceConfig(kind, name, String.valueOf(type), MapTangoConfig.of(path + ".config", Map.of(), Set.of())));
        }
        if (factory.isEmpty()) {
            problems.add(new ConfigProblem(path + ".type", registry.unknownTypeMessage(kind, String.valueOf(type))));
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = config == null ? Map.of() : (Map<String, Object>) config;
        MapTangoConfig validated = validateOptions(path + ".config", factory.get().factory().options(), values, problems);
        return problems.size() == before
                ? Optional.of(new InstanceConfig(kind, name, factory.get().type(), validated))
                : Optional.empty();
    }

    /**
     * Checks values against declared options (type and range) and fills in defaults, in their config form.
     *
     * @param path the config map's full path
     * @param options the declared options
     * @param values the given values
     * @param problems where problems are added
     * @return the values with defaults filled in, secret keys marked
     */
    public static MapTangoConfig validateOptions(
            String path, List<ConfigOption<?>> options, Map<String, Object> values, List<ConfigProblem> problems) {
        Map<String, ConfigOption<?>> declared = new LinkedHashMap<>();
        options.forEach(option -> declared.put(option.key(), option));
        Map<String, Object> filled = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            ConfigOption<?> option = declared.get(key);
            if (option == null) {
                problems.add(new ConfigProblem(path + "." + key, "unknown key." + Suggestions.didYouMean(key, declared.keySet())
                        + (declared.isEmpty() ? " This type takes no options." : " Valid keys: " + String.join(", ", sorted(declared.keySet())))));
                return;
            }
            if (value == null) {
                return;
            }
            check(path + "." + key, option, value, problems).ifPresent(normalized -> filled.put(key, normalized));
        });
        for (ConfigOption<?> option : options) {
            if (filled.containsKey(option.key()) || values.get(option.key()) != null) {
                continue;
            }
            if (option.required()) {
                problems.add(new ConfigProblem(path + "." + option.key(), "is required: "
                        + (option.description().isEmpty() ? option.type().name().toLowerCase(Locale.ROOT) : option.description())));
            } else {
                option.defaultText().ifPresent(value -> filled.put(option.key(), value));
            }
        }
        Set<String> secrets = options.stream().filter(ConfigOption::secret).map(ConfigOption::key).collect(Collectors.toSet());
        return MapTangoConfig.of(path, filled, secrets);
    }

    /** @return the value in the form the config keeps (an ENUM as its declared choice), or empty after a problem */
    private static <T> Optional<Object> check(String path, ConfigOption<T> option, Object value, List<ConfigProblem> problems) {
        T typed;
        try {
            typed = ConfigValues.convert(option, value);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, option.secret()
                    ? "has a value of the wrong type for a " + option.type().name().toLowerCase(Locale.ROOT) + " (secret value not shown)"
                    : e.getMessage()));
            return Optional.empty();
        }
        Optional<String> outOfRange = option.rangeProblem(typed);
        if (outOfRange.isPresent()) {
            problems.add(new ConfigProblem(path, outOfRange.get()));
            return Optional.empty();
        }
        return Optional.of(option.type() == OptionType.ENUM ? typed : value);
    }

    /** Checks MULTI references against every declared name: an invalid instance is reported once, on its own. */
    private static void checkReferences(
            Map<ComponentKind, Map<String, InstanceConfig>> instances,
            Map<ComponentKind, Set<String>> declared,
            FactoryRegistry registry,
            List<ConfigProblem> problems) {
        for (ComponentKind kind : List.of(ComponentKind.FINDER, ComponentKind.INITIALIZER)) {
            Map<String, InstanceConfig> named = instances.get(kind);
            Set<String> available = new LinkedHashSet<>(declared.get(kind));
            if (!available.contains("default") && registry.declares(kind, "LOCAL")) {
                available.add("default");
            }
            ConfigOption<List<String>> priority = kind == ComponentKind.FINDER
                    ? MultiModelFinderFactory.FINDER_PRIORITY : MultiModelInitializerFactory.INITIALIZER_PRIORITY;
            for (InstanceConfig instance : named.values()) {
                if (!instance.type().equalsIgnoreCase("MULTI") || !registry.types(kind).contains(instance.type())) {
                    continue;
                }
                for (String reference : instance.config().get(priority)) {
                    if (!available.contains(reference)) {
                        problems.add(new ConfigProblem(instance.path() + ".config." + priority.key(), "names " + kind.displayName() + " '"
                                + reference + "', which is not configured." + Suggestions.didYouMean(reference, available)
                                + " Configured " + kind.displayName() + "s: " + String.join(", ", available)));
                    }
                }
                cycle(instance.name(), named, priority, new ArrayList<>()).ifPresent(cycle -> problems.add(new ConfigProblem(
                        instance.path() + ".config." + priority.key(), "forms a cycle: " + String.join(" -> ", cycle))));
            }
        }
    }

    private static Optional<List<String>> cycle(String name, Map<String, InstanceConfig> named, ConfigOption<List<String>> priority, List<String> trail) {
        if (trail.contains(name)) {
            List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(name), trail.size()));
            cycle.add(name);
            return trail.indexOf(name) == 0 ? Optional.of(cycle) : Optional.empty();
        }
        InstanceConfig instance = named.get(name);
        if (instance == null || !instance.type().equalsIgnoreCase("MULTI")) {
            return Optional.empty();
        }
        trail.add(name);
        for (String reference : instance.config().get(priority)) {
            Optional<List<String>> found = cycle(reference, named, priority, trail);
            if (found.isPresent()) {
                return found;
            }
        }
        trail.remove(trail.size() - 1);
        return Optional.empty();
    }

    /** The document's keys written twice, those inside {@code model_management} or those outside it. */
    private static List<ConfigProblem> duplicateKeys(ConfigDocument document, boolean insideModelManagement) {
        return document.duplicateKeys().stream()
                .filter(problem -> problem.path().startsWith(MODEL_MANAGEMENT + ".") == insideModelManagement)
                .toList();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }
}
