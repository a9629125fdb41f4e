package io.tango.runtime.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A runtime configuration document, in caikit's schema:
 * <pre>
 * plugins:                       # optional
 *   directories: [plugins]       # relative to the file's folder
 *   strict: false                # a broken plugin fails the runtime instead of being reported
 * model_management:
 *   finders:                     # also initializers, trainers, job_predictors, deployment_targets,
 *     default:                   #   registries, model_servers
 *       type: LOCAL
 *       config: {root: /var/tango}
 * </pre>
 * Read from YAML or JSON, or built from a map. Environment variables override any key: {@code TANGO__} followed by the
 * key's path in upper case with {@code __} between levels, e.g.
 * {@code TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__ROOT=/data}. A key written twice in the document, or set by two
 * variables, is kept (the last one counts) and listed in {@link #duplicateKeys()}, for validation to report it beside
 * the document's other problems. Immutable.
 */
public final class ConfigDocument {
    /** The prefix of environment variables that override config keys. */
    public static final String ENV_PREFIX = "TANGO__";

    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");

    private final Map<String, Object> root;
    private final Optional<Path> baseDirectory;
    private final List<ConfigProblem> duplicateKeys;

    private ConfigDocument(Map<String, Object> root, Optional<Path> baseDirectory, List<ConfigProblem> duplicateKeys) {
        this.root = deepUnmodifiable(root);
        this.baseDirectory = baseDirectory;
        this.duplicateKeys = List.copyOf(duplicateKeys);
    }

    private ConfigDocument(DocumentReader.Result read, Optional<Path> baseDirectory) {
        this(read.root(), baseDirectory, read.duplicateKeys());
    }

    /** @return an empty document: every kind gets its built-in defaults */
    public static ConfigDocument empty() {
        return new ConfigDocument(Map.of(), Optional.empty(), List.of());
    }

    /**
     * @param root the document as plain maps, lists and scalars
     * @return the document
     */
    public static ConfigDocument of(Map<String, ?> root) {
        return new ConfigDocument(deepCopy(requireNonNull(root, "root is null")), Optional.empty(), List.of());
    }

    /**
     * @param yaml a YAML (or JSON) document
     * @return the document
     * @throws InvalidConfigException if it does not parse, saying where (keys written twice are not that: see
     *     {@link #duplicateKeys()})
     */
    public static ConfigDocument parseYaml(String yaml) {
        requireNonNull(yaml, "yaml is null");
        return new ConfigDocument(parse(Factories.YAML, yaml, "the configuration"), Optional.empty());
    }

    /**
     * @param file a {@code .yaml}, {@code .yml} or {@code .json} file
     * @return the document; relative plugin directories resolve against the file's folder
     * @throws InvalidConfigException if the file is missing or does not parse, saying where
     */
    public static ConfigDocument load(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("", "configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
        }
        JsonFactory factory = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? Factories.JSON : Factories.YAML;
        Path parent = file.toAbsolutePath().getParent();
        return new ConfigDocument(parse(factory, text, file.toString()), Optional.ofNullable(parent));
    }

    private static DocumentReader.Result parse(JsonFactory factory, String text, String source) {
        if (text.isBlank()) {
            return new DocumentReader.Result(Map.of(), List.of());
        }
        try (JsonParser parser = factory.createParser(text)) {
            return DocumentReader.read(parser);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                var mark = yaml.getProblemMark();
                throw new InvalidConfigException("", "cannot parse " + source + " at line " + (mark.getLine() + 1)
                        + ", column " + (mark.getColumn() + 1) + ": " + yaml.getProblem());
            }
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            // Jackson quotes the unquoted word it stopped at, which may be a secret value: the position says where.
            String problem = UNRECOGNIZED_TOKEN.matcher(e.getOriginalMessage().lines().findFirst().orElse(""))
                    .replaceAll("Unrecognized token");
            throw new InvalidConfigException("", "cannot parse " + source + where + ": " + problem);
        } catch (IOException e) {
            throw new InvalidConfigException("", "cannot parse " + source + ": " + e.getMessage());
        }
    }

    /**
     * Applies environment overrides: every variable named {@value #ENV_PREFIX}{@code PATH__TO__KEY} sets that key
     * (the name and existing keys matched case-insensitively; new keys in lower case). Two variables naming the same
     * key in different case are listed in {@link #duplicateKeys()} by name, never by value.
     *
     * @param environment the environment, e.g. {@code System.getenv()}
     * @return the document with the overrides applied
     */
    public ConfigDocument withEnvironment(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Map<String, Object> copy = deepCopy(root);
        Map<String, List<String>> variablesByKey = new TreeMap<>();
        environment.keySet().stream()
                .filter(name -> name.length() > ENV_PREFIX.length() && name.regionMatches(true, 0, ENV_PREFIX, 0, ENV_PREFIX.length()))
                .sorted()
                .forEach(name -> variablesByKey.computeIfAbsent(name.substring(ENV_PREFIX.length()).toUpperCase(Locale.ROOT),
                        unused -> new ArrayList<>()).add(name));
        List<ConfigProblem> duplicates = new ArrayList<>(duplicateKeys);
        for (List<String> variables : variablesByKey.values()) {
            String path = "";
            for (String name : variables) {
                path = override(copy, name.substring(ENV_PREFIX.length()).split("__"), environment.get(name));
            }
            if (variables.size() > 1) {
                duplicates.add(new ConfigProblem(path, "is set by " + variables.size() + " environment variables: "
                        + String.join(", ", variables) + ". Keep only one."));
            }
        }
        return new ConfigDocument(copy, baseDirectory, duplicates);
    }

    /** @return the dotted path of the key set */
    @SuppressWarnings("unchecked")
    private static String override(Map<String, Object> root, String[] segments, String value) {
        Map<String, Object> level = root;
        List<String> path = new ArrayList<>(segments.length);
        for (int i = 0; i < segments.length; i++) {
            String key = matchKey(level, segments[i]);
            path.add(key);
            if (i == segments.length - 1) {
                level.put(key, value);
                return String.join(".", path);
            }
            Object next = level.get(key);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                level.put(key, next);
            }
            level = (Map<String, Object>) next;
        }
        return String.join(".", path);
    }

    private static String matchKey(Map<String, Object> level, String segment) {
        for (String key : level.keySet()) {
            if (key.equalsIgnoreCase(segment)) {
                return key;
            }
        }
        return segment.toLowerCase(Locale.ROOT);
    }

    /** @return the whole document, unmodifiable */
    public Map<String, Object> root() {
        return root;
    }

    /** @return the folder relative paths in the document resolve against, when it came from a file */
    public Optional<Path> baseDirectory() {
        return baseDirectory;
    }

    /**
     * @return one problem per key written more than once in the document (with the line of each copy) or set by more
     *     than one environment variable (naming them), in document order
     */
    public List<ConfigProblem> duplicateKeys() {
        return duplicateKeys;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, nested) -> copy.put(String.valueOf(key), copyValue(nested)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(copyValue(element)));
            return copy;
        }
        return value;
    }

    private static Map<String, Object> deepUnmodifiable(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, unmodifiable(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object unmodifiable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepUnmodifiable((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(unmodifiable(element)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** Built on first parse, not when the class loads: a runtime configured in code never pays for them. */
    private static final class Factories {
        static final JsonFactory YAML = new YAMLFactory();
        static final JsonFactory JSON = new JsonFactory();
    }
}
