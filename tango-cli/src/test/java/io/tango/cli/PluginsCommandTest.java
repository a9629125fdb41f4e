package io.tango.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.cli.Cli.Result;
import io.tango.testkit.BrokenPlugins;
import io.tango.testkit.PluginJarBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango plugins}: the runtime's plugin report, as text and as JSON. */
class PluginsCommandTest {
    @TempDir
    Path folder;

    private Cli cli;
    private Path plugins;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder.resolve("setup"));
        plugins = folder.resolve("plugins");
    }

    private void helloPlugin() {
        PluginJarBuilder.named("hello")
                .source("com.example.hello.HelloFinderFactory", """
                        package com.example.hello;
                        import io.tango.api.ModelFinder;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelFinderFactory;
                        import java.util.Optional;
                        public class HelloFinderFactory implements ModelFinderFactory {
                            public String type() { return "HELLO"; }
                            public String description() { return "Says hello"; }
                            public ModelFinder create(TangoConfig config, String instanceName) { return key -> Optional.empty(); }
                        }
                        """)
                .service(ModelFinderFactory.class, "com.example.hello.HelloFinderFactory")
                .build(plugins.resolve("hello.jar"));
    }

    private void brokenPlugin() {
        PluginJarBuilder.named("broken")
                .rawServiceFile(ModelFinderFactory.class, "com.example.broken.Missing\n")
                .build(plugins.resolve("broken").resolve("broken.jar"));
    }

    /** A plugin folder that lacks the jar its finder calls into when it finds. */
    private void pluginMissingItsLibrary() {
        BrokenPlugins.missingALibrary(plugins, folder.resolve("elsewhere"), "", "com.acme.lib.Helper.text()");
    }

    @Test
    void aPluginMissingAJarFailsItsCommandWithTheFolderAndClassNotAStackTrace() {
        pluginMissingItsLibrary();
        Path config = Cli.write(folder.resolve("tango.yaml"), """
                model_management:
                  finders:
                    default: {type: ACME}
                """);

        Result result = cli.run("--config", config.toString(), "--plugin-dir", plugins.toString(), "models", "find", "x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: plugin acme (" + plugins.resolve("acme") + ") is missing class "
                + "com.acme.lib.Helper: add the jar that holds it to " + plugins.resolve("acme") + "/\n");
    }

    @Test
    void listsTheProvidersOfTheClassPathAndTheBuiltIns() throws Exception {
        Result result = cli.run("plugins");

        assertThat(result.exitCode()).isZero();
        assertThat(Tables.rows(result.out())).contains(
                List.of("finder", "ECHO", "LOADED", "class path", "io.tango.cli.testing.EchoFinderFactory", testClasses()),
                List.of("finder", "MULTI", "LOADED", "built-in", "io.tango.runtime.builtin.MultiModelFinderFactory", "tango-runtime"),
                List.of("deployment target", "echo", "LOADED", "class path", "io.tango.cli.testing.EchoDeploymentClientFactory", testClasses()));
        assertThat(result.out()).startsWith("Plugin directories: none\n\nPlugins: none\n\nProviders (6):\n")
                .endsWith("\nNo problems.\n");
    }

    @Test
    void listsAPluginOfAPluginDirectoryWithItsJar() throws Exception {
        helloPlugin();

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString());

        assertThat(result.out()).startsWith("Plugin directories: " + plugins + "\n");
        assertThat(Tables.rows(result.out())).contains(
                List.of("PLUGIN", "STATUS", "JARS", "LOCATION"),
                List.of("hello", "LOADED", "1", plugins.resolve("hello.jar").toString()),
                List.of("finder", "HELLO", "LOADED", "hello", "com.example.hello.HelloFinderFactory", plugins.resolve("hello.jar").toString()));
    }

    @Test
    void reportsABrokenPluginWithoutHidingTheOthers() throws Exception {
        helloPlugin();
        brokenPlugin();

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString());

        assertThat(Tables.rows(result.out())).contains(
                List.of("finder", "HELLO", "LOADED", "hello", "com.example.hello.HelloFinderFactory", plugins.resolve("hello.jar").toString()),
                List.of("finder", "?", "FAILED", "broken", "com.example.broken.Missing", plugins.resolve("broken").resolve("broken.jar").toString()));
        assertThat(result.out())
                .contains("\n    error: io.tango.api.spi.ModelFinderFactory: Provider com.example.broken.Missing not found")
                .endsWith("\n1 problem: see the errors above.\n");
    }

    @Test
    void jsonHoldsEveryPluginAndProviderWithItsStatus() throws Exception {
        helloPlugin();
        brokenPlugin();

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString(), "--format", "json");

        JsonNode json = Json.mapper().readTree(result.out());
        assertThat(json.get("plugin_directories").get(0).asText()).isEqualTo(plugins.toString());
        assertThat(json.get("plugins")).hasSize(2);
        assertThat(json.get("plugins").get(0).get("name").asText()).isEqualTo("broken");
        assertThat(json.get("plugins").get(1).get("jars").get(0).asText()).isEqualTo(plugins.resolve("hello.jar").toString());
        JsonNode hello = provider(json, "com.example.hello.HelloFinderFactory");
        assertThat(hello.get("kind").asText()).isEqualTo("finder");
        assertThat(hello.get("section").asText()).isEqualTo("finders");
        assertThat(hello.get("type").asText()).isEqualTo("HELLO");
        assertThat(hello.get("status").asText()).isEqualTo("LOADED");
        assertThat(hello.get("plugin").asText()).isEqualTo("hello");
        assertThat(hello.get("location").asText()).isEqualTo(plugins.resolve("hello.jar").toString());
        assertThat(hello.get("description").asText()).isEqualTo("Says hello");
        assertThat(hello.get("error").isNull()).isTrue();
        JsonNode broken = provider(json, "com.example.broken.Missing");
        assertThat(broken.get("status").asText()).isEqualTo("FAILED");
        assertThat(broken.get("type").isNull()).isTrue();
        assertThat(broken.get("error").asText()).contains("Provider com.example.broken.Missing not found");
        assertThat(json.get("problems")).hasSize(1);
    }

    @Test
    void stillListsThePluginsWhenTheConfigurationIsInvalid() throws Exception {
        Cli.write(cli.config(), "model_management: {finders: {default: {type: NOPE}}}\n");

        Result result = cli.run("plugins");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("warning: " + cli.config() + " is invalid (run 'tango config check " + cli.config()
                + "' for every problem); listing plugins without it\n");
        assertThat(Tables.rows(result.out()))
                .contains(List.of("finder", "ECHO", "LOADED", "class path", "io.tango.cli.testing.EchoFinderFactory", testClasses()));
    }

    @Test
    void listsTwoPluginsDeclaringTheSameTypeAsOneProblem() throws Exception {
        helloPlugin();
        PluginJarBuilder.named("hello2")
                .source("com.example.hello2.HelloFinderFactory", """
                        package com.example.hello2;
                        import io.tango.api.ModelFinder;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelFinderFactory;
                        import java.util.Optional;
                        public class HelloFinderFactory implements ModelFinderFactory {
                            public String type() { return "HELLO"; }
                            public ModelFinder create(TangoConfig config, String instanceName) { return key -> Optional.empty(); }
                        }
                        """)
                .service(ModelFinderFactory.class, "com.example.hello2.HelloFinderFactory")
                .build(plugins.resolve("hello2.jar"));

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.out()).contains("\n    error: duplicate finder type 'HELLO': declared by com.example.hello.HelloFinderFactory in plugin hello ("
                + plugins.resolve("hello.jar") + ") and com.example.hello2.HelloFinderFactory in plugin hello2 (" + plugins.resolve("hello2.jar")
                + "). Remove all but one of: " + plugins.resolve("hello.jar") + ", " + plugins.resolve("hello2.jar") + ".\n")
                .endsWith("\n1 problem: see the errors above.\n");
        assertThat(Tables.rows(result.out())).contains(
                List.of("finder", "HELLO", "DUPLICATE", "hello", "com.example.hello.HelloFinderFactory", plugins.resolve("hello.jar").toString()),
                List.of("finder", "HELLO", "DUPLICATE", "hello2", "com.example.hello2.HelloFinderFactory", plugins.resolve("hello2.jar").toString()));
    }

    @Test
    void loadsAPluginDirectoryNamedByTheConfigurationAndTheCommandLineOnce() throws Exception {
        helloPlugin();
        Cli.write(cli.config(), "plugins: {directories: [" + plugins + "]}\nmodel_management: {finders: {default: {type: HELLO}}}\n");

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Plugin directories: " + plugins + "\n\nPlugins (1):\n").endsWith("\nNo problems.\n");
    }

    @Test
    void exitsWithFailureWhenAProviderFailedAndShowsItsPluginAsFailed() throws Exception {
        helloPlugin();
        brokenPlugin();

        Result result = cli.run("plugins", "--plugin-dir", plugins.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(Tables.rows(result.out())).contains(
                List.of("broken", "FAILED", "1", plugins.resolve("broken").toString()),
                List.of("hello", "LOADED", "1", plugins.resolve("hello.jar").toString()));
        assertThat(result.out()).contains("\n    error: none of its providers loaded\n");
    }

    private static String testClasses() throws Exception {
        return Path.of(PluginsCommandTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static JsonNode provider(JsonNode json, String className) {
        for (JsonNode provider : json.get("providers")) {
            if (provider.get("class").asText().equals(className)) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + className + " in " + json);
    }
}
