package io.tango.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.cli.Cli.Result;
import io.tango.testkit.PluginJarBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango plugins describe KIND TYPE}: a type's declared options, straight from its factory. */
class PluginsDescribeCommandTest {
    /** The options table of the echo deployment target's type, as every command prints it. */
    static final String ECHO_TARGET_OPTION_TABLE = """
              KEY        TYPE             DEFAULT  RANGE  REQUIRED  SECRET  DESCRIPTION
              directory  string           -        -      yes       no      Where deployments are recorded
              mode       enum(fast|safe)  safe     -      no        no      How records are written
              token      string           ****     -      no        yes     Token of the echo service
              note       string           ""       -      no        no      -
            """;
    private static final String ECHO_TARGET_OPTIONS = "Options (4):\n" + ECHO_TARGET_OPTION_TABLE;

    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    @Test
    void printsTheTypeAndATableOfItsDeclaredOptions() throws Exception {
        Result result = cli.run("plugins", "describe", "deployment_targets", "echo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                kind:        deployment target (model_management.deployment_targets)
                type:        echo
                description: Deployments for tests, recorded in a folder
                class:       io.tango.cli.testing.EchoDeploymentClientFactory
                plugin:      class path
                location:    %s

                """.formatted(testClasses()) + ECHO_TARGET_OPTIONS);
    }

    @Test
    void neverPrintsTheDefaultOfASecretOption() {
        Result text = cli.run("plugins", "describe", "deployment_targets", "echo");
        Result json = cli.run("plugins", "describe", "deployment_targets", "echo", "--format", "json");

        assertThat(text.out()).contains("  token      string           ****     -      no        yes     Token of the echo service\n");
        assertThat(text.out() + json.out()).doesNotContain("echo-default-token-7f3a");
    }

    @Test
    void takesTheKindAsTangoPluginsNamesItAndTheTypeInAnyCase() {
        String bySection = cli.run("plugins", "describe", "deployment_targets", "echo").out();
        assertThat(bySection).startsWith("kind:        deployment target (model_management.deployment_targets)\ntype:        echo\n");

        assertThat(cli.run("plugins", "describe", "deployment target", "ECHO").out()).isEqualTo(bySection);
        assertThat(cli.run("plugins", "describe", "deployment_target", "Echo").out()).isEqualTo(bySection);
    }

    @Test
    void saysSoWhenATypeDeclaresNoOptions() {
        Result result = cli.run("plugins", "describe", "finders", "ECHO");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).endsWith("\nOptions: none (its config takes no keys)\n");
    }

    @Test
    void jsonHoldsTheTypeAndEveryOption() throws Exception {
        Result result = cli.run("plugins", "describe", "deployment_targets", "echo", "--format", "json");

        assertThat(result.exitCode()).isZero();
        JsonNode json = Json.mapper().readTree(result.out());
        assertThat(json.get("kind").asText()).isEqualTo("deployment target");
        assertThat(json.get("section").asText()).isEqualTo("deployment_targets");
        assertThat(json.get("type").asText()).isEqualTo("echo");
        assertThat(json.get("description").asText()).isEqualTo("Deployments for tests, recorded in a folder");
        assertThat(json.get("class").asText()).isEqualTo("io.tango.cli.testing.EchoDeploymentClientFactory");
        assertThat(json.get("options")).hasSize(4);
        assertThat(json.get("options").get(0)).isEqualTo(Json.mapper().readTree("""
                {"key": "directory", "type": "string", "choices": [], "default": null, "minimum": null, "maximum": null,
                 "required": true, "secret": true,
                 "description": "Where deployments are recorded"}""".replace("\"secret\": true", "\"secret\": false")));
        assertThat(json.get("options").get(1).get("choices")).isEqualTo(Json.mapper().readTree("[\"fast\", \"safe\"]"));
        assertThat(json.get("options").get(2).get("default").asText()).isEqualTo("****");
        assertThat(json.get("options").get(2).get("secret").asBoolean()).isTrue();
    }

    @Test
    void anUnknownKindIsAUsageErrorListingTheKinds() {
        Result result = cli.run("plugins", "describe", "findrs", "ECHO");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("""
                error: unknown kind 'findrs'. Did you mean 'finders'? Kinds: finders, initializers, trainers, job_predictors, \
                deployment_targets, registries, model_servers
                Try 'tango plugins describe --help' for more information.
                """);
    }

    @Test
    void anUnknownTypeExitsWithNotFoundListingTheTypesOfItsKind() {
        Result result = cli.run("plugins", "describe", "finders", "ECHOO");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: unknown finder type 'ECHOO'. Did you mean 'ECHO'? Available finder types: ECHO, MULTI\n");
    }

    @Test
    void describesATypeEvenWhenTheConfigurationIsInvalid() {
        Cli.write(cli.config(), "model_management: {finders: {default: {type: NOPE}}}\n");

        Result result = cli.run("plugins", "describe", "deployment_targets", "echo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).endsWith(ECHO_TARGET_OPTIONS);
    }

    @Test
    void describesATypeOfAPluginDirectoryTheConfigurationNames() {
        Path plugins = folder.resolve("plugins");
        PluginJarBuilder.named("hello")
                .source("com.example.hello.HelloFinderFactory", """
                        package com.example.hello;
                        import io.tango.api.ModelFinder;
                        import io.tango.api.config.ConfigOption;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelFinderFactory;
                        import java.time.Duration;
                        import java.util.List;
                        import java.util.Optional;
                        public class HelloFinderFactory implements ModelFinderFactory {
                            public String type() { return "HELLO"; }
                            public List<ConfigOption<?>> options() {
                                return List.of(ConfigOption.duration("timeout").withDefault(Duration.ofSeconds(30))
                                        .withMinimum(Duration.ofMillis(1)).withDescription("How long to wait"));
                            }
                            public ModelFinder create(TangoConfig config, String instanceName) { return key -> Optional.empty(); }
                        }
                        """)
                .service(ModelFinderFactory.class, "com.example.hello.HelloFinderFactory")
                .build(plugins.resolve("hello.jar"));
        Cli.write(cli.config(), "plugins: {directories: [plugins]}\nmodel_management: {finders: {default: {type: NOPE}}}\n");

        Result result = cli.run("plugins", "describe", "finders", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(Tables.rows(result.out())).containsExactly(
                List.of("KEY", "TYPE", "DEFAULT", "RANGE", "REQUIRED", "SECRET", "DESCRIPTION"),
                List.of("timeout", "duration", "30s", ">= 1ms", "no", "no", "How long to wait"));
        assertThat(result.out()).contains("\nplugin:      hello\nlocation:    " + plugins.resolve("hello.jar") + "\n");
    }

    private static String testClasses() throws Exception {
        return Path.of(PluginsDescribeCommandTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
