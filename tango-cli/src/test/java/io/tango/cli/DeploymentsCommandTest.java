package io.tango.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango deployments …} with MLflow's flags, over the echo target of the test class path. */
class DeploymentsCommandTest {
    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    @Test
    void createPrintsTheDeploymentAsMlflowDoes() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo/1", "-f", "python_function", "-C", "replicas=2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                python_function deployment one is created
                name:      one
                target:    echo
                model_uri: echo/1
                flavor:    python_function
                state:     READY
                url:       -
                replicas:  2
                """);
    }

    @Test
    void aSettingKeyLongerThanTheLabelsMovesEveryValueToOneColumn() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo/1", "-C", "env_manager=local");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                model deployment one is created
                name:        one
                target:      echo
                model_uri:   echo/1
                flavor:      -
                state:       READY
                url:         -
                env_manager: local
                """);
    }

    @Test
    void getListUpdateAndDeleteSeeWhatCreateDid() throws Exception {
        cli.run("deployments", "create", "-t", "echo", "--name", "one", "--model-uri", "echo");
        cli.run("deployments", "create", "-t", "echo", "--name", "two", "--model-uri", "echo");

        assertThat(Json.mapper().readTree(cli.run("deployments", "get", "-t", "echo", "--name", "two", "--format", "json").out())
                .get("model_uri").asText()).isEqualTo("echo");
        assertThat(Tables.rows(cli.run("deployments", "list", "-t", "echo").out())).containsExactly(
                List.of("NAME", "STATE", "MODEL_URI", "FLAVOR", "URL"),
                List.of("one", "READY", "echo", "-", "-"),
                List.of("two", "READY", "echo", "-", "-"));
        assertThat(cli.run("deployments", "update", "-t", "echo", "--name", "one", "-m", "echo/1", "-f", "onnx").out())
                .startsWith("Deployment one is updated (with flavor onnx)\n");
        assertThat(cli.run("deployments", "delete", "-t", "echo", "--name", "one").out()).isEqualTo("Deployment one is deleted\n");
        JsonNode list = Json.mapper().readTree(cli.run("deployments", "list", "-t", "echo", "--format", "json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("two");
    }

    @Test
    void deletingAMissingDeploymentIsNotAnError() {
        Result result = cli.run("deployments", "delete", "-t", "echo", "--name", "ghost");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Deployment ghost is deleted\n");
    }

    @Test
    void getOfAMissingDeploymentExitsWithNotFound() {
        Result result = cli.run("deployments", "get", "-t", "echo", "--name", "ghost");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: deployment 'ghost' does not exist on target 'echo'\n");
    }

    @Test
    void anUnknownTargetExitsWithNotFoundListingTheKnownOnes() {
        Result result = cli.run("deployments", "list", "-t", "ecko");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: no deployment target 'ecko'. Did you mean 'echo'? Known targets: echo\n");
    }

    @Test
    void aRepeatedConfigKeyIsAUsageErrorAsInMlflow() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo", "-C", "replicas=1", "-C", "replicas=2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("""
                error: repeated -C key 'replicas': give each key once
                Try 'tango deployments create --help' for more information.
                """);
    }

    @Test
    void aConfigValueWithoutEqualsIsAUsageError() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo", "-C", "replicas");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: invalid -C value 'replicas': expected key=value\n");
    }

    @Test
    void aConfigKeyTheTargetRejectsExitsWithInvalid() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo", "--target-config", "color=red");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: unknown config key 'color' for target 'echo'; keys: [env_manager, replicas]\n");
    }

    @Test
    void aSettingGivenWithConfigInsteadOfCIsAUsageErrorThatSaysSo() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo", "--config", "replicas=2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: --config names tango's configuration file, and there is no file 'replicas=2';"
                + " a deployment setting is given with -C replicas=2\n");
    }

    @Test
    void createWithoutAModelUriIsAUsageError() {
        Result result = cli.run("deployments", "create", "-t", "echo", "--name", "one");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: Missing required option: '--model-uri=URI'\n");
    }

    @Test
    void predictSendsTheRequestToTheDeployment() throws Exception {
        cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo");
        Path request = Cli.write(folder.resolve("request.json"), "{\"inputs\": {\"x\": [[1.0, 2.0]]}}");

        Result result = cli.run("deployments", "predict", "-t", "echo", "--name", "one", "--input-path", request.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree("{\"echo_x\": [[1.0, 2.0]]}"));
    }

    @Test
    void explainOnATargetWithoutExplanationsFails() {
        cli.run("deployments", "create", "-t", "echo", "--name", "one", "-m", "echo");

        Result result = cli.run("deployments", "explain", "-t", "echo", "--name", "one", "--input", "{\"x\": [1]}");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).isEqualTo("error: deployment target 'echo' does not support explain\n");
    }

    @Test
    void helpPrintsTheTargetsOwnHelpThenTheOptionsOfItsType() {
        Result result = cli.run("deployments", "help", "-t", "echo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Target 'echo': deployments for tests, recorded in a folder.
                Config: replicas=N, env_manager=NAME

                Options of its type, echo (model_management.deployment_targets.echo.config):
                """ + PluginsDescribeCommandTest.ECHO_TARGET_OPTION_TABLE);
    }

    @Test
    void helpOfATargetTypeThatIsNotConfiguredPrintsItsDeclaredOptionsWithoutCreatingIt() {
        Cli.write(cli.config(), "model_management: {finders: {default: {type: ECHO}}}\n");

        Result result = cli.run("deployments", "help", "-t", "ECHO");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("""
                Target 'ECHO' is not configured: this is its type. Its own help, with its -C settings, shows once an \
                instance of it is configured in model_management.deployment_targets.

                kind:        deployment target (model_management.deployment_targets)
                type:        echo
                description: Deployments for tests, recorded in a folder
                """).endsWith("Options (4):\n" + PluginsDescribeCommandTest.ECHO_TARGET_OPTION_TABLE);
    }

    @Test
    void helpOfAnUnknownTargetExitsWithNotFoundListingTheKnownOnes() {
        Result result = cli.run("deployments", "help", "-t", "ecko");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: no deployment target 'ecko'. Did you mean 'echo'? Known targets: echo\n");
    }

    @Test
    void runLocalOnATargetThatCannotFails() {
        Result result = cli.run("deployments", "run-local", "-t", "echo", "--name", "one", "-m", "echo");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).endsWith("error: deployment target 'echo' does not support run-local\n");
    }
}
