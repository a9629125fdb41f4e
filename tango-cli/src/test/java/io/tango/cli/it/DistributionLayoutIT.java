package io.tango.cli.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** What the package phase lays out in target/tango and its archives. */
class DistributionLayoutIT {
    @TempDir
    Path userHome;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void binHoldsAnExecutableLauncher() {
        Path launcher = Distribution.built(userHome).home().resolve("bin").resolve("tango");

        assertThat(launcher).isExecutable();
    }

    @Test
    void libHoldsTheApiRuntimeCliAndTheirDependenciesButNoPlugin() throws IOException {
        List<String> lib = names(Distribution.built(userHome).home().resolve("lib"));

        assertThat(lib).contains("tango-api-0.1.0-SNAPSHOT.jar", "tango-runtime-0.1.0-SNAPSHOT.jar", "tango-cli-0.1.0-SNAPSHOT.jar",
                "picocli-4.7.7.jar", "slf4j-api-2.0.20.jar", "logback-classic-1.5.38.jar", "jul-to-slf4j-2.0.20.jar");
        assertThat(lib).noneMatch(name -> name.startsWith("plugin-") || name.startsWith("onnxruntime") || name.startsWith("tribuo"));
    }

    @Test
    void eachPluginHasItsFolderWithItsOwnDependenciesButNotTheProvidedOnes() throws IOException {
        Path plugins = Distribution.built(userHome).home().resolve("plugins");

        assertThat(names(plugins)).containsExactly("deepaas", "devo", "local", "mlflow", "oip");
        assertThat(names(plugins.resolve("local"))).contains("plugin-local-0.1.0-SNAPSHOT.jar", "onnxruntime-1.29.0.jar", "jackson-databind-2.22.4.jar");
        assertThat(names(plugins.resolve("mlflow"))).contains("plugin-mlflow-0.1.0-SNAPSHOT.jar", "jackson-databind-2.22.4.jar");
        assertThat(names(plugins.resolve("deepaas"))).contains("plugin-deepaas-0.1.0-SNAPSHOT.jar");
        assertThat(names(plugins.resolve("devo"))).contains("plugin-devo-0.1.0-SNAPSHOT.jar");
        assertThat(names(plugins.resolve("oip"))).contains("plugin-oip-0.1.0-SNAPSHOT.jar", "grpc-netty-1.85.0.jar");
        for (String plugin : names(plugins)) {
            assertThat(names(plugins.resolve(plugin))).as(plugin).noneMatch(name -> name.startsWith("tango-api") || name.startsWith("slf4j-api"));
        }
    }

    @Test
    void confHoldsTheEmbeddedDefaultAndTheLogging() throws IOException {
        Path conf = Distribution.built(userHome).home().resolve("conf");

        assertThat(names(conf)).containsExactly("logback.xml", "tango.yaml");
        assertThat(Files.readString(conf.resolve("tango.yaml"))).contains("type: LOCAL", "type: local", "root: ~/.tango/local");
    }

    @Test
    void theZipArchiveHoldsTheDistributionUnderOneFolder() throws IOException {
        Path zip = Distribution.built(userHome).home().resolveSibling("tango.zip");

        try (ZipFile archive = new ZipFile(zip.toFile())) {
            assertThat(archive.stream().map(entry -> entry.getName()).toList())
                    .contains("tango/bin/tango", "tango/conf/tango.yaml", "tango/lib/tango-cli-0.1.0-SNAPSHOT.jar",
                            "tango/plugins/local/plugin-local-0.1.0-SNAPSHOT.jar", "tango/examples/iris.csv")
                    .allMatch(name -> name.startsWith("tango/"));
        }
        assertThat(zip.resolveSibling("tango.tar.gz")).isRegularFile();
    }
}
