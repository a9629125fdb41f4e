package io.tango.spark;

import io.tango.runtime.config.ConfigDocument;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where registry models download on a node: finders that download ({@code MLFLOW}) and whose config leaves
 * {@code cache_dir} unset would use the user's home ({@code ~/.cache/tango/mlflow}); on Spark they get
 * {@code <SparkFiles root>/tango-cache/<finder>} instead, the executor's own folder (under {@code spark.local.dir} in
 * local mode, the application's folder in the worker's work dir on a standalone cluster). A {@code cache_dir} the
 * config sets is kept.
 */
final class ExecutorCache {
    /** The finder types whose {@code cache_dir} option names their download folder. */
    private static final java.util.Set<String> DOWNLOADING_FINDERS = java.util.Set.of("MLFLOW");
    private static final String CACHE_DIR = "cache_dir";

    private ExecutorCache() {}

    /**
     * @param configYaml the configuration text
     * @return the document to build the runtime from: the text's, with executor-local cache folders filled in
     */
    static ConfigDocument document(String configYaml) {
        ConfigDocument document = ConfigDocument.parseYaml(configYaml);
        if (SparkEnv.get() == null || !document.duplicateKeys().isEmpty()) {
            // Outside Spark there is no executor folder; keys written twice are for the runtime to report as they are.
            return document;
        }
        Map<String, Object> root = withCacheDirs(document.root(), Path.of(SparkFiles.getRootDirectory(), "tango-cache"));
        return root == document.root() ? document : ConfigDocument.of(root);
    }

    /**
     * @param root a configuration document's root
     * @param cache the folder to put the finders' caches under
     * @return {@code root} itself if no downloading finder lacks a {@code cache_dir}, else a copy where each has
     *     {@code <cache>/<finder name>}
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withCacheDirs(Map<String, Object> root, Path cache) {
        Object management = get(root, "model_management");
        Object finders = management instanceof Map<?, ?> map ? get((Map<String, Object>) map, "finders") : null;
        if (!(finders instanceof Map<?, ?> instances)) {
            return root;
        }
        Map<String, Object> rewritten = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<?, ?> entry : instances.entrySet()) {
            Object instance = entry.getValue();
            if (instance instanceof Map<?, ?> finder && downloads((Map<String, Object>) finder)
                    && !(get((Map<String, Object>) finder, "config") instanceof Map<?, ?> config && get((Map<String, Object>) config, CACHE_DIR) != null)) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) finder);
                Object config = get(copy, "config");
                Map<String, Object> options = config instanceof Map<?, ?> given ? new LinkedHashMap<>((Map<String, Object>) given) : new LinkedHashMap<>();
                options.put(CACHE_DIR, cache.resolve(String.valueOf(entry.getKey())).toString());
                copy.remove(key(copy, "config"));
                copy.put("config", options);
                instance = copy;
                changed = true;
            }
            rewritten.put(String.valueOf(entry.getKey()), instance);
        }
        if (!changed) {
            return root;
        }
        Map<String, Object> newManagement = new LinkedHashMap<>((Map<String, Object>) management);
        newManagement.put(key(newManagement, "finders"), rewritten);
        Map<String, Object> newRoot = new LinkedHashMap<>(root);
        newRoot.put(key(newRoot, "model_management"), newManagement);
        return newRoot;
    }

    private static boolean downloads(Map<String, Object> finder) {
        Object type = get(finder, "type");
        return type != null && DOWNLOADING_FINDERS.contains(type.toString().toUpperCase(Locale.ROOT));
    }

    /** Keys match case-insensitively, as the runtime reads them. */
    private static Object get(Map<String, Object> map, String name) {
        return map.get(key(map, name));
    }

    private static String key(Map<String, Object> map, String name) {
        for (String key : map.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return name;
    }
}
