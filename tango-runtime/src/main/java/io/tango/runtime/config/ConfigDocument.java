package io.tango.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tango.api.InvalidConfigException;

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
 * {@code TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__ROOT=/data}. Immutable.
 */
public final class ConfigDocument {
    /** The prefix of environment variables that override config keys. */
    public static final String ENV_PREFIX = "TANGO__";

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");

    private final Map<String, Object> root;
    private final Optional<Path> baseDirectory;

    private ConfigDocument(Map<String, Object> root, Optional<Path> baseDirectory) {
        this.root = deepUnmodifiable(root);
        this.baseDirectory = baseDirectory;
    }

    /** @return an empty document: every kind gets its built-in defaults */
    public static ConfigDocument empty() {
        return new ConfigDocument(Map.of(), Optional.empty());
    }

    /**
     * @param root the document as plain maps, lists and scalars
     * @return the document
     */
    public static ConfigDocument of(Map<String, ?> root) {
        return new ConfigDocument(deepCopy(requireNonNull(root, "root is null")), Optional.empty());
    }

    /**
     * @param yaml a YAML (or JSON) document
     * @return the document
     * @throws InvalidConfigException if it does not parse, saying where
     */
    public static ConfigDocument parseYaml(String yaml) {
        requireNonNull(yaml, "yaml is null");
        return new ConfigDocument(parse(Mappers.YAML, yaml, "the configuration"), Optional.empty());
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
        ObjectMapper mapper = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? Mappers.JSON : Mappers.YAML;
        Path parent = file.toAbsolutePath().getParent();
        return new ConfigDocument(parse(mapper, text, file.toString()), Optional.ofNullable(parent));
    }

    private static Map<String, Object> parse(ObjectMapper mapper, String text, String source) {
        if (text.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> result = mapper.readValue(text, MAP);
            return result == null ? Map.of() : result;
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
        }
    }

    /**
     * Applies environment overrides: every variable named {@value #ENV_PREFIX}{@code PATH__TO__KEY} sets that key
     * (matching existing keys case-insensitively; new keys in lower case).
     *
     * @param environment the environment, e.g. {@code System.getenv()}
     * @return the document with the overrides applied
     */
    public ConfigDocument withEnvironment(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Map<String, Object> copy = deepCopy(root);
        environment.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(ENV_PREFIX) && entry.getKey().length() > ENV_PREFIX.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> override(copy, entry.getKey().substring(ENV_PREFIX.length()).split("__"), entry.getValue()));
        return new ConfigDocument(copy, baseDirectory);
    }

    @SuppressWarnings("unchecked")
    private static void override(Map<String, Object> root, String[] segments, String value) {
        Map<String, Object> level = root;
        for (int i = 0; i < segments.length; i++) {
            String key = matchKey(level, segments[i]);
            if (i == segments.length - 1) {
                level.put(key, value);
                return;
            }
            Object next = level.get(key);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                level.put(key, next);
            }
            level = (Map<String, Object>) next;
        }
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
    private static final class Mappers {
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
