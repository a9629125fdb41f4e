package io.tango.spark;

import io.tango.runtime.config.ConfigDocument;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Registry finders download into the executor's folder unless the config names one. */
class ExecutorCacheTest {
    private static final Path CACHE = Path.of("/spark/files/tango-cache");

    @Test
    void anMlflowFinderWithoutACacheDirGetsOneUnderTheExecutorsFolder() {
        Map<String, Object> root = ConfigDocument.parseYaml("""
                model_management:
                  finders:
                    default: {type: MLFLOW, config: {tracking_uri: "http://127.0.0.1:5000"}}
                    store: {type: LOCAL, config: {root: /models}}
                """).root();

        Map<String, Object> rewritten = ExecutorCache.withCacheDirs(root, CACHE);

        assertThat(rewritten).isEqualTo(Map.of("model_management", Map.of("finders", Map.of(
                "default", Map.of("type", "MLFLOW", "config", Map.of("tracking_uri", "http://127.0.0.1:5000",
                        "cache_dir", "/spark/files/tango-cache/default")),
                "store", Map.of("type", "LOCAL", "config", Map.of("root", "/models"))))));
    }

    @Test
    void anMlflowFinderWithoutAnyConfigGetsACacheDir() {
        Map<String, Object> root = ConfigDocument.parseYaml("""
                model_management:
                  finders:
                    registry: {type: mlflow}
                """).root();

        assertThat(ExecutorCache.withCacheDirs(root, CACHE)).isEqualTo(Map.of("model_management", Map.of("finders", Map.of(
                "registry", Map.of("type", "mlflow", "config", Map.of("cache_dir", "/spark/files/tango-cache/registry"))))));
    }

    @Test
    void aCacheDirTheConfigSetsIsKept() {
        Map<String, Object> root = ConfigDocument.parseYaml("""
                model_management:
                  finders:
                    default: {type: MLFLOW, config: {cache_dir: /data/cache}}
                """).root();

        assertThat(ExecutorCache.withCacheDirs(root, CACHE)).isSameAs(root);
    }

    @Test
    void aConfigWithoutDownloadingFindersIsUsedAsItIs() {
        Map<String, Object> root = ConfigDocument.parseYaml("""
                model_management:
                  finders:
                    default: {type: LOCAL, config: {root: /models}}
                """).root();

        assertThat(ExecutorCache.withCacheDirs(root, CACHE)).isSameAs(root);
    }
}
