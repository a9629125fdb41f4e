package io.tango.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.cli.Json;
import io.tango.cli.it.Distribution.Run;
import io.tango.testkit.PluginJarBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/tango plugins} on the real distribution: our plugins, a third party's dropped in, a broken one, one removed. */
class PluginsIT {
    private static final String HELLO_FACTORY = """
            package com.example.hello;
            import io.tango.api.ModelDescriptor;
            import io.tango.api.ModelFinder;
            import io.tango.api.config.ConfigOption;
            import io.tango.api.config.TangoConfig;
            import io.tango.api.spi.ModelFinderFactory;
            import java.util.List;
            import java.util.Optional;
            public class HelloFinderFactory implements ModelFinderFactory {
                public String type() { return "HELLO"; }
                public String description() { return "Greets every model"; }
                static final ConfigOption<String> GREETING = ConfigOption.string("greeting").withDefault("hello")
                        .withDescription("What to say");
                public List<ConfigOption<?>> options() {
                    return List.of(GREETING);
                }
                public ModelFinder create(TangoConfig config, String instanceName) {
                    String greeting = config.get(GREETING);
                    return key -> Optional.of(ModelDescriptor.builder(key, greeting + " " + key.value(), "greeting")
                            .origin("finder " + instanceName).build());
                }
            }
            """;

    @TempDir
    Path folder;

    private static JsonNode report(Run run) throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.mapper().readTree(run.out());
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(element -> names.add(element.get(field).asText()));
        return names;
    }

    private static List<String> types(JsonNode report, String kind) {
        List<String> types = new ArrayList<>();
        report.get("providers").forEach(provider -> {
            if (provider.get("kind").asText().equals(kind) && provider.get("status").asText().equals("LOADED")) {
                types.add(provider.get("type").asText());
            }
        });
        return types;
    }

    private Distribution copy() {
        return Distribution.built(folder.resolve("home")).copyTo(folder.resolve("dist"));
    }

    @Test
    void listsOurFivePluginsAndTheirProvidersAsJson() throws Exception {
        Distribution distribution = Distribution.built(folder);

        JsonNode report = report(distribution.run("plugins", "--format", "json"));

        assertThat(names(report.get("plugins"), "name")).containsExactly("deepaas", "devo", "local", "mlflow", "oip");
        assertThat(names(report.get("plugins"), "status")).containsOnly("LOADED");
        assertThat(types(report, "finder")).containsExactly("DEEPAAS", "DEVO", "LOCAL", "MLFLOW", "MULTI", "OIP");
        assertThat(types(report, "deployment target")).contains("local", "mlflow", "devo");
        assertThat(types(report, "trainer")).contains("LOCAL");
        assertThat(report.get("problems")).isEmpty();
        assertThat(report.get("plugin_directories").get(0).asText()).isEqualTo(distribution.home().resolve("plugins").toString());
    }

    @Test
    void listsThemAsTextWithTheirJars() {
        Distribution distribution = Distribution.built(folder);

        Run run = distribution.run("plugins");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  local    LOADED  ")
                .contains("io.tango.plugin.local.LocalModelFinderFactory")
                .contains(distribution.home().resolve("plugins/local/plugin-local-0.1.0-SNAPSHOT.jar").toString())
                .endsWith("\nNo problems.\n");
    }

    @Test
    void aThirdPartyPluginDroppedIntoPluginsAppearsAndIsUsed() throws Exception {
        Distribution distribution = copy();
        PluginJarBuilder.named("hello")
                .source("com.example.hello.HelloFinderFactory", HELLO_FACTORY)
                .service(ModelFinderFactory.class, "com.example.hello.HelloFinderFactory")
                .build(distribution.home().resolve("plugins/hello/hello-plugin.jar"));
        Path config = Files.writeString(folder.resolve("hello.yaml"),
                "model_management: {finders: {default: {type: HELLO, config: {greeting: hi}}}}\n");

        JsonNode report = report(distribution.run("plugins", "--format", "json"));
        Run found = distribution.run("--config", config.toString(), "models", "find", "world", "--format", "json");

        assertThat(names(report.get("plugins"), "name")).containsExactly("deepaas", "devo", "hello", "local", "mlflow", "oip");
        assertThat(types(report, "finder")).contains("HELLO");
        assertThat(found.exitCode()).as(found.toString()).isZero();
        JsonNode descriptor = Json.mapper().readTree(found.out());
        assertThat(descriptor.get("name").asText()).isEqualTo("hi world");
        assertThat(descriptor.get("format").asText()).isEqualTo("greeting");
        assertThat(descriptor.get("origin").asText()).isEqualTo("finder default");
    }

    @Test
    void aBrokenPluginIsReportedWithoutHidingTheOthers() throws Exception {
        Distribution distribution = copy();
        PluginJarBuilder.named("broken")
                .rawServiceFile(ModelFinderFactory.class, "com.example.broken.Missing\n")
                .build(distribution.home().resolve("plugins/broken/broken.jar"));
        Files.createDirectories(distribution.home().resolve("plugins/empty"));

        Run json = distribution.run("plugins", "--format", "json");
        Run text = distribution.run("plugins");

        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(json.out());
        assertThat(names(report.get("plugins"), "name")).containsExactly("broken", "deepaas", "devo", "empty", "local", "mlflow", "oip");
        assertThat(names(report.get("plugins"), "status"))
                .containsExactly("FAILED", "LOADED", "LOADED", "FAILED", "LOADED", "LOADED", "LOADED");
        assertThat(report.get("plugins").get(3).get("error").asText()).isEqualTo("the folder holds no jar");
        assertThat(types(report, "finder")).containsExactly("DEEPAAS", "DEVO", "LOCAL", "MLFLOW", "MULTI", "OIP");
        assertThat(report.get("problems")).hasSize(2);
        assertThat(text.out()).contains("    error: io.tango.api.spi.ModelFinderFactory: Provider com.example.broken.Missing not found")
                .endsWith("\n2 problems: see the errors above.\n");
    }

    @Test
    void theDistributionsPluginFolderNamedInItsConfigurationLoadsOnce() throws Exception {
        Distribution distribution = copy();
        Path config = distribution.home().resolve("conf/tango.yaml");
        String shipped = Files.readString(config);
        Files.delete(config); // a hard link to the built distribution's file: replace it, never write through it
        Files.writeString(config, "plugins: {directories: [../plugins]}\n" + shipped);

        Run run = distribution.run("plugins");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("  local    LOADED  ").endsWith("\nNo problems.\n");
    }

    @Test
    void removingAPluginMakesItDisappear() throws Exception {
        Distribution distribution = copy();
        Distribution.delete(distribution.home().resolve("plugins/devo"));

        JsonNode report = report(distribution.run("plugins", "--format", "json"));

        assertThat(names(report.get("plugins"), "name")).containsExactly("deepaas", "local", "mlflow", "oip");
        assertThat(types(report, "finder")).doesNotContain("DEVO");
        assertThat(types(report, "deployment target")).doesNotContain("devo");
    }

    @Test
    void pluginDirReplacesTheDistributionsPluginsFolder() throws Exception {
        Distribution distribution = Distribution.built(folder);
        Path mine = Files.createDirectories(folder.resolve("mine"));
        PluginJarBuilder.named("hello")
                .source("com.example.hello.HelloFinderFactory", HELLO_FACTORY)
                .service(ModelFinderFactory.class, "com.example.hello.HelloFinderFactory")
                .build(mine.resolve("hello.jar"));

        JsonNode report = report(distribution.run("--plugin-dir", mine.toString(), "plugins", "--format", "json"));

        assertThat(names(report.get("plugins"), "name")).containsExactly("hello");
        assertThat(types(report, "finder")).containsExactly("HELLO", "MULTI");
    }
}
