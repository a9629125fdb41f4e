package io.tango.runtime.plugin;

import io.tango.api.PluginLoadException;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.config.Suggestions;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The usable factories by kind and type (types match case-insensitively), and the types made ambiguous by
 * duplicates. Immutable and thread-safe.
 */
public final class FactoryRegistry {
    private final Map<ComponentKind, Map<String, DiscoveredFactory>> factories;
    private final Map<ComponentKind, Map<String, String>> duplicates;

    FactoryRegistry(List<DiscoveredFactory> usable, Map<ComponentKind, Map<String, String>> duplicates) {
        Map<ComponentKind, Map<String, DiscoveredFactory>> byKind = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (DiscoveredFactory factory : usable) {
            byKind.get(factory.kind()).put(normalize(factory.type()), factory);
        }
        byKind.replaceAll((kind, map) -> Collections.unmodifiableMap(map));
        this.factories = Collections.unmodifiableMap(byKind);
        Map<ComponentKind, Map<String, String>> clashes = new EnumMap<>(ComponentKind.class);
        duplicates.forEach((kind, map) -> clashes.put(kind, Map.copyOf(map)));
        this.duplicates = Collections.unmodifiableMap(clashes);
    }

    /**
     * @param kind a component kind
     * @param type a type name, any case
     * @return the factory of that type, if there is exactly one
     * @throws PluginLoadException if two providers declare the type, naming both classes and jars
     */
    public Optional<DiscoveredFactory> find(ComponentKind kind, String type) {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        String clash = duplicates.getOrDefault(kind, Map.of()).get(normalize(type));
        if (clash != null) {
            throw new PluginLoadException(clash);
        }
        return Optional.ofNullable(factories.get(kind).get(normalize(type)));
    }

    /**
     * @param kind a component kind
     * @param type a type name, any case
     * @return whether some provider declares that type, usable or made ambiguous by a duplicate
     */
    public boolean declares(ComponentKind kind, String type) {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        String normalized = normalize(type);
        return factories.get(kind).containsKey(normalized) || duplicates.getOrDefault(kind, Map.of()).containsKey(normalized);
    }

    /** @return the usable type names of {@code kind}, as the factories spell them, sorted */
    public SortedSet<String> types(ComponentKind kind) {
        SortedSet<String> types = new TreeSet<>();
        factories.get(requireNonNull(kind, "kind is null")).values().forEach(factory -> types.add(factory.type()));
        return Collections.unmodifiableSortedSet(types);
    }

    /** @return the usable factories of {@code kind}, by normalized type */
    public Map<String, DiscoveredFactory> factories(ComponentKind kind) {
        return factories.get(requireNonNull(kind, "kind is null"));
    }

    /**
     * @param kind a component kind
     * @param type a type no factory declares
     * @return "unknown finder type 'LOCL'. Did you mean 'LOCAL'? Available finder types: LOCAL, MULTI"
     */
    public String unknownTypeMessage(ComponentKind kind, String type) {
        SortedSet<String> known = types(kind);
        return "unknown " + kind.displayName() + " type '" + type + "'." + Suggestions.didYouMean(type, known)
                + (known.isEmpty()
                        ? " No " + kind.displayName() + " types are available: is the plugin jar on the class path or in a plugin directory?"
                        : " Available " + kind.displayName() + " types: " + String.join(", ", known));
    }

    static String normalize(String type) {
        return type.toUpperCase(Locale.ROOT);
    }
}
