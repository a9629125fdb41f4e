package io.tango.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.cli.Json;
import io.tango.cli.it.Distribution.Run;
import io.tango.cli.it.Distribution.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every verb of {@code bin/tango} on the real distribution and its embedded default (plugin-local), on one store: a
 * model is trained once for the class, then found, loaded, predicted with, deployed, served and called over HTTP.
 */
class LifecycleIT {
    private static final String IRIS_ROW = "{\"sepal_length\": [5.1], \"sepal_width\": [3.5], \"petal_length\": [1.4], \"petal_width\": [0.2]}";
    /** The exit status of a JVM stopped by SIGTERM (128 + 15), after its shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;
    /**
     * Epochs that no machine finishes before the command exits (150 rows each), so the detached training is always
     * still running when the embedded trainer stops it: the test never depends on how fast this machine trains.
     */
    private static final int NEVER_ENDING_EPOCHS = 2_000_000_000;
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    static Path userHome;

    private static Distribution distribution;
    private static Run training;

    @BeforeAll
    static void trainOnce() {
        distribution = Distribution.built(userHome);
        training = distribution.run("train", "iris", "-a", "data=" + distribution.home().resolve("examples/iris.csv"),
                "-a", "target=species", "-a", "epochs=30", "--id", "first");
    }

    private static JsonNode json(Run run) throws Exception {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.mapper().readTree(run.out());
    }

    @Test
    void trainShowsProgressLinesAndTheStoredModel() {
        assertThat(training.exitCode()).as(training.toString()).isZero();
        assertThat(training.err()).startsWith("Training iris with trainer 'default' as job default:first\n")
                .contains("training iris: COMPLETED 100%\n");
        assertThat(training.out()).startsWith("Trained iris version 1 (onnx) in ")
                .contains("  job:      default:first\n  key:      iris/1\n")
                .contains("  artifact: " + userHome.resolve(".tango/local/models/iris/1"));
    }

    @Test
    void trainDetachedPrintsTheJobIdAndTheEmbeddedTrainerStopsItOnExit() throws Exception {
        Run run = distribution.run("train", "detached", "-a", "data=" + distribution.home().resolve("examples/iris.csv"),
                "-a", "target=species", "-a", "epochs=" + NEVER_ENDING_EPOCHS, "--id", "detached", "--detach");
        JsonNode status = json(distribution.run("jobs", "status", "default:detached", "--format", "json"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("default:detached\n");
        assertThat(status.get("status").asText()).isEqualTo("ERRORED");
        assertThat(status.at("/errors/0/message").asText()).startsWith("interrupted by shutdown");
    }

    @Test
    void configCheckAcceptsTheShippedConfiguration() {
        Run run = distribution.run("config", "check", distribution.home().resolve("conf/tango.yaml").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(distribution.home().resolve("conf/tango.yaml") + ": valid (6 instances configured)\n");
    }

    @Test
    void configCheckListsEveryProblemAndExitsWithFour() throws Exception {
        Path bad = Files.writeString(userHome.resolve("bad.yaml"), """
                model_management:
                  finders:
                    default: {type: LOCL}
                  trainers:
                    default: {type: LOCAL, config: {threads: four}}
                """);

        Run run = distribution.run("config", "check", bad.toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).startsWith(bad + ": 2 problems\n")
                .contains("  - model_management.finders.default.type: unknown finder type 'LOCL'. Did you mean 'LOCAL'?")
                .contains("  - model_management.trainers.default.config.threads: ");
    }

    @Test
    void findShowsTheTrainedModel() throws Exception {
        JsonNode descriptor = json(distribution.run("models", "find", "iris@latest", "--format", "json"));

        assertThat(descriptor.get("name").asText()).isEqualTo("iris");
        assertThat(descriptor.get("version").asText()).isEqualTo("1");
        assertThat(descriptor.get("format").asText()).isEqualTo("onnx");
        assertThat(descriptor.at("/signature/inputs/0/name").asText()).isEqualTo("sepal_length");
    }

    @Test
    void findOfAMissingModelExitsWithThree() {
        Run run = distribution.run("models", "find", "nowhere");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("error: model 'nowhere' was not found by finder 'default'\n");
    }

    @Test
    void loadMakesTheModelRunnable() {
        Run run = distribution.run("models", "load", "iris");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Loaded iris version 1 (onnx) in ");
    }

    @Test
    void predictFromInlineJson() throws Exception {
        JsonNode outputs = json(distribution.run("models", "predict", "iris", "--input", IRIS_ROW));

        assertThat(outputs.get("label").get(0).asText()).isEqualTo("setosa");
        assertThat(outputs.get("probabilities").get(0)).hasSize(3);
    }

    @Test
    void predictFromStandardInputInAnMlflowFormat() throws Exception {
        String records = "{\"dataframe_records\": [{\"sepal_length\": 6.3, \"sepal_width\": 3.3, \"petal_length\": 6.0, \"petal_width\": 2.5}]}";

        JsonNode outputs = json(distribution.runWithInput(records, "models", "predict", "iris"));

        assertThat(outputs.get("label").get(0).asText()).isEqualTo("virginica");
    }

    @Test
    void predictBindsUnnamedRowsToTheModelsColumns() throws Exception {
        JsonNode outputs = json(distribution.run("models", "predict", "iris", "--input", "{\"instances\": [[6.3, 3.3, 6.0, 2.5]]}"));

        assertThat(outputs.get("label").get(0).asText()).isEqualTo("virginica");
    }

    @Test
    void predictOfARequestThatDoesNotMatchExitsWithFour() {
        Run run = distribution.run("models", "predict", "iris", "--input", "{\"petals\": [1]}");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).startsWith("error: unknown input 'petals'; model 'iris' expects ");
    }

    @Test
    void jobsFindTheTrainingOfAnEarlierRun() throws Exception {
        JsonNode status = json(distribution.run("jobs", "status", "default:first", "--format", "json"));
        Run list = distribution.run("jobs", "list");
        Run await = distribution.run("jobs", "wait", "default:first");

        assertThat(status.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(status.at("/details/model").asText()).isEqualTo("iris");
        assertThat(list.out()).containsPattern("default:first +COMPLETED +100%");
        assertThat(await.exitCode()).isZero();
        assertThat(await.out()).startsWith("id:        default:first\nstatus:    COMPLETED");
    }

    @Test
    void jobsOfAnUnknownIdExitWithThree() {
        Run run = distribution.run("jobs", "status", "default:unknown");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: trainer 'default' has no training default:unknown");
    }

    @Test
    void deploymentVerbsOnTheLocalTarget() throws Exception {
        Path request = Files.writeString(userHome.resolve("request.json"), IRIS_ROW);
        Path output = userHome.resolve("predictions.json");

        Run create = distribution.run("deployments", "create", "-t", "local", "--name", "verbs", "-m", "iris", "-f", "onnx");
        JsonNode get = json(distribution.run("deployments", "get", "-t", "local", "--name", "verbs", "--format", "json"));
        Run list = distribution.run("deployments", "list", "-t", "local");
        Run predict = distribution.run("deployments", "predict", "-t", "local", "--name", "verbs", "-I", request.toString(), "-O", output.toString());
        JsonNode explain = json(distribution.run("deployments", "explain", "-t", "local", "--name", "verbs", "-I", request.toString()));
        Run update = distribution.run("deployments", "update", "-t", "local", "--name", "verbs", "-m", "iris/1");
        Run delete = distribution.run("deployments", "delete", "-t", "local", "--name", "verbs");
        Run gone = distribution.run("deployments", "get", "-t", "local", "--name", "verbs");

        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.out()).startsWith("onnx deployment verbs is created\n");
        assertThat(get.get("state").asText()).isEqualTo("READY");
        assertThat(get.get("model_uri").asText()).isEqualTo("iris");
        assertThat(list.out()).contains("verbs");
        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(Json.mapper().readTree(Files.readString(output)).get("label").get(0).asText()).isEqualTo("setosa");
        assertThat(explain.get("attributions").get(0).has("petal_length")).isTrue();
        assertThat(update.out()).startsWith("Deployment verbs is updated");
        assertThat(delete.out()).isEqualTo("Deployment verbs is deleted\n");
        assertThat(gone.exitCode()).isEqualTo(3);
    }

    @Test
    void aRepeatedConfigKeyIsAUsageError() {
        Run run = distribution.run("deployments", "create", "-t", "local", "--name", "twice", "-m", "iris", "-C", "port=1", "-C", "port=2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: repeated -C key 'port': give each key once\n");
    }

    @Test
    void aCreateOfAnExistingDeploymentFailsWithOne() {
        distribution.run("deployments", "create", "-t", "local", "--name", "taken", "-m", "iris");

        Run run = distribution.run("deployments", "create", "-t", "local", "--name", "taken", "-m", "iris");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: deployment 'taken' already exists on target 'local'; update it or delete it first\n");
        distribution.run("deployments", "delete", "-t", "local", "--name", "taken");
    }

    @Test
    void deploymentsHelpPrintsTheTargetsHelp() {
        Run run = distribution.run("deployments", "help", "-t", "local");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Target 'local': ");
    }

    @Test
    void serveAnswersMlflowScoringRequestsUntilStopped() throws Exception {
        assertThat(distribution.run("deployments", "create", "-t", "local", "--name", "served", "-m", "iris").exitCode()).isZero();
        String url;
        try (Server server = distribution.start("serve", "--name", "served")) {
            String out = server.awaitOutput(text -> text.contains("Press Ctrl-C to stop."), Distribution.TIMEOUT);
            Matcher matcher = URL.matcher(out);
            assertThat(matcher.find()).as(out).isTrue();
            url = matcher.group(1);

            HttpResponse<String> answer = post(url + "/invocations",
                    "{\"dataframe_split\": {\"columns\": [\"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\"], \"data\": [[5.1, 3.5, 1.4, 0.2]]}}");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(answer.body()).at("/predictions/0/label").asText()).isEqualTo("setosa");
            assertThat(server.stop()).isEqualTo(SIGTERM_EXIT);
            assertThat(server.out()).endsWith("Stopping...\nStopped serving.\n");
        }
        JsonNode after = json(distribution.run("deployments", "get", "-t", "local", "--name", "served", "--format", "json"));
        assertThat(after.at("/details/serve").asText()).isEqualTo("false");
        assertThat(after.get("url").isNull()).isTrue();
        distribution.run("deployments", "delete", "-t", "local", "--name", "served");
    }

    @Test
    void serveWithoutDeploymentsExitsWithThree() throws Exception {
        Path empty = Files.createDirectories(userHome.resolve("empty-store"));
        Distribution elsewhere = new Distribution(distribution.home(), userHome,
                java.util.Map.of("TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__LOCAL__CONFIG__ROOT", empty.toString()));

        Run run = elsewhere.run("serve");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("error: no deployments on target 'local' to serve; create one with "
                + "'tango deployments create -t local --name NAME -m MODEL'\n");
    }

    @Test
    void runLocalServesAModelUntilStopped() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (Server server = distribution.start("deployments", "run-local", "-t", "local", "--name", "foreground", "-m", "iris", "-C", "port=" + port)) {
            String base = "http://127.0.0.1:" + port;
            awaitPing(server, base);

            HttpResponse<String> answer = post(base + "/invocations", "{\"inputs\": " + IRIS_ROW + "}");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("setosa");
            assertThat(server.stop()).isEqualTo(SIGTERM_EXIT);
            assertThat(server.err()).endsWith("Stopped foreground\n");
        }
    }

    @Test
    void anUnknownSubcommandExitsWithTwo() {
        Run run = distribution.run("deploy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Unmatched argument at index 0: 'deploy'\n");
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitPing(Server server, String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        java.time.Instant deadline = java.time.Instant.now().plus(Distribution.TIMEOUT);
        while (java.time.Instant.now().isBefore(deadline)) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/ping")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                server.pause(Duration.ofMillis(200));
            }
        }
        throw new AssertionError("run-local did not answer /ping within " + Distribution.TIMEOUT + "\n" + server.err());
    }
}
