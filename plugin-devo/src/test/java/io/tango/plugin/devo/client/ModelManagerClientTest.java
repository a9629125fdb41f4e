package io.tango.plugin.devo.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.plugin.devo.server.MultipartPart;
import io.tango.plugin.devo.server.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java client against the fake ML Model Manager: what it sends, what it returns, how it fails. */
class ModelManagerClientTest {
    private static final String TOKEN = "s3cr3t-t0ken-4f8a";
    private static final byte[] ONNX = "onnx bytes".getBytes(StandardCharsets.UTF_8);

    private static FakeModelManagerServer server;
    private static String latest;
    private static String service;

    @TempDir
    Path folder;

    @BeforeAll
    static void startServer() {
        server = FakeModelManagerServer.start();
        server.addToken(TOKEN, "acme");
        server.putModel("acme", "iris", "iris", "ONNX", "Iris classifier", ONNX);
        latest = server.url(FakeModelManagerServer.LATEST).toString();
        service = "Devo ML Model Manager at " + latest;
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private DevoModelManagerClient client() {
        return DevoModelManagerClient.builder(latest, TOKEN).downloader(new FileSystemDownloader(folder)).build();
    }

    private RecordedRequest lastRequest() {
        List<RecordedRequest> requests = server.requests();
        return requests.get(requests.size() - 1);
    }

    private Path modelFile(String name, byte[] content) throws Exception {
        Path file = folder.resolve(name);
        Files.write(file, content);
        return file;
    }

    @Test
    void sendsTheTokenInTheStandAloneTokenHeaderByDefault() {
        try (ModelManagerClient client = client()) {
            client.getModels();
        }
        assertThat(lastRequest().header("standAloneToken")).contains(TOKEN);
        assertThat(lastRequest().header("Authorization")).isEmpty();
    }

    @Test
    void sendsTheTokenAsABearerTokenWhenAsked() {
        try (ModelManagerClient client = DevoModelManagerClient.builder(latest, TOKEN).authType(AuthType.BEARER).build()) {
            client.getModels();
        }
        assertThat(lastRequest().header("Authorization")).contains("Bearer " + TOKEN);
        assertThat(lastRequest().header("standAloneToken")).isEmpty();
    }

    @Test
    void listsTheModelsOfTheTokensDomain() {
        try (ModelManagerClient client = client()) {
            assertThat(client.getModels()).extracting(DevoModel::name).contains("iris");
        }
        assertThat(lastRequest().method()).isEqualTo("GET");
        assertThat(lastRequest().rawPath()).isEqualTo("/models");
    }

    @Test
    void getsAModelFastWithoutItsImage() {
        try (ModelManagerClient client = client()) {
            DevoModel model = client.getModel("iris");
            assertThat(model.name()).isEqualTo("iris");
            assertThat(model.engine()).isEqualTo("ONNX");
            assertThat(model.description()).contains("Iris classifier");
            assertThat(model.record()).doesNotContainKey("image");
            assertThat(model.file()).isEmpty();
        }
        assertThat(lastRequest().rawPath()).isEqualTo("/models/iris");
        assertThat(lastRequest().rawQuery()).contains("fast=True");
    }

    @Test
    void downloadsTheFileThroughTheDownloaderWithFastFalse() {
        try (ModelManagerClient client = client()) {
            DevoModel model = client.getModel("iris", true);
            assertThat(model.file()).contains(folder.resolve("iris.onnx"));
            assertThat(folder.resolve("iris.onnx")).hasBinaryContent(ONNX);
            assertThat(model.record()).doesNotContainKey("image");
        }
        assertThat(lastRequest().rawQuery()).contains("fast=False");
    }

    @Test
    void quotesTheModelNameLikePython() {
        try (ModelManagerClient client = client()) {
            assertThat(client.findModel("a b/é?")).isEmpty();
        }
        assertThat(lastRequest().rawPath()).isEqualTo("/models/a%20b/%C3%A9%3F");
    }

    @Test
    void answersModelNotFoundForTheServers204() {
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.getModel("nope"))
                    .isExactlyInstanceOf(ModelNotFoundException.class)
                    .hasMessage("Model 'nope' not found in " + service);
        }
    }

    @Test
    void findsNothingInsteadOfFailingForAMissingModel() {
        try (ModelManagerClient client = client()) {
            assertThat(client.findModel("nope", true)).isEmpty();
        }
    }

    @Test
    void rejectsAnEmptyName() {
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.getModel("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid name: ''");
        }
    }

    @Test
    void uploadsTheFileAsMultipartThenCreatesTheModel() throws Exception {
        Path file = modelFile("wine.onnx", ONNX);
        server.clearRequests();
        try (ModelManagerClient client = client()) {
            client.addModel("wine", "ONNX", file, Optional.of("Wine quality"), false);
        }
        List<RecordedRequest> requests = server.requests();
        assertThat(requests).extracting(request -> request.method() + " " + request.rawPath())
                .containsExactly("GET /models/wine", "POST /models/images/upload", "POST /models");
        List<MultipartPart> parts = requests.get(1).parts();
        assertThat(parts).extracting(MultipartPart::name).containsExactly("engine", "fileName");
        assertThat(parts.get(0).content()).isEqualTo("ONNX".getBytes(StandardCharsets.UTF_8));
        assertThat(parts.get(1).fileName()).contains("wine.onnx");
        assertThat(parts.get(1).content()).isEqualTo(ONNX);
        assertThat(parts.get(1).headerNames()).containsExactly("content-disposition");
        int imageId = server.model("acme", "wine").orElseThrow().at("/image/id").asInt();
        assertThat(requests.get(2).json().orElseThrow().toString()).isEqualTo("{\"name\":\"wine\",\"engine\":\"ONNX\","
                + "\"description\":\"Wine quality\",\"image\":{\"id\":" + imageId + ",\"size\":10},\"outputType\":\"float4\","
                + "\"fields\":[{\"id\":null,\"name\":\"input\",\"description\":\"\",\"type\":\"float4\"}],"
                + "\"clusters\":[],\"category\":\"Regression\",\"runtimeSize\":20,\"hidden\":false}");
        assertThat(server.model("acme", "wine").orElseThrow().get("description").asText()).isEqualTo("Wine quality");
    }

    @Test
    void refusesToAddAnExistingModelWithoutForce() throws Exception {
        Path file = modelFile("iris.onnx", ONNX);
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.addModel("iris", "ONNX", file))
                    .isExactlyInstanceOf(ModelAlreadyExistsException.class)
                    .hasMessage("Model 'iris' already exists in " + service
                            + "; add it with force to update its engine, description and file");
        }
    }

    @Test
    void updatesEngineDescriptionAndFileWithForce() throws Exception {
        server.putModel("acme", "forced", "forced", "ONNX", "old description", ONNX);
        byte[] zip = "h2o zip".getBytes(StandardCharsets.UTF_8);
        Path file = modelFile("forced.zip", zip);
        try (ModelManagerClient client = client()) {
            client.addModel("forced", "H2O", file, Optional.of("new description"), true);
        }
        assertThat(server.model("acme", "forced").orElseThrow().get("engine").asText()).isEqualTo("H2O");
        assertThat(server.model("acme", "forced").orElseThrow().get("description").asText())
                .isEqualTo("new description");
        assertThat(server.modelFile("acme", "forced")).contains(zip);
    }

    @Test
    void keepsTheDescriptionWhenForcingWithoutOne() throws Exception {
        server.putModel("acme", "kept", "kept", "ONNX", "keep me", ONNX);
        Path file = modelFile("kept.onnx", "v2".getBytes(StandardCharsets.UTF_8));
        try (ModelManagerClient client = client()) {
            client.addModel("kept", "ONNX", file, Optional.empty(), true);
        }
        assertThat(lastRequest().json().orElseThrow().get("description").asText()).isEqualTo("keep me");
        assertThat(lastRequest().json().orElseThrow().get("id").asInt())
                .isEqualTo(server.model("acme", "kept").orElseThrow().get("id").asInt());
    }

    @Test
    void rejectsAMissingModelFileAfterCheckingTheModel() {
        Path missing = folder.resolve("missing.onnx");
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.addModel("ghost", "ONNX", missing))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessage("Model file '" + missing + "' does not exist or is not a file");
        }
    }

    @Test
    void carriesTheServersCodeAndMessage() throws Exception {
        Path file = modelFile("bad.onnx", ONNX);
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.addModel("bad", "INVALID_ENGINE", file))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 500 500: No enum constant"
                            + " com.devo.mlx.malevolo.common.enums.EngineType.INVALID_ENGINE")
                    .satisfies(error -> {
                        ModelManagerException exception = (ModelManagerException) error;
                        assertThat(exception.code()).isEqualTo(500);
                        assertThat(exception.serverMessage())
                                .isEqualTo("No enum constant com.devo.mlx.malevolo.common.enums.EngineType.INVALID_ENGINE");
                        assertThat(exception.httpStatus()).hasValue(500);
                        assertThat(exception.remoteCode()).contains("500");
                    });
        }
    }

    @Test
    void reportsAFileTheServerFindsInvalidWithCodeZero() throws Exception {
        Path file = modelFile("empty.onnx", new byte[0]);
        try (ModelManagerClient client = client()) {
            assertThatThrownBy(() -> client.addModel("empty", "ONNX", file))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 200: Invalid image: the file is empty"
                            + " (check that engine 'ONNX' matches the file empty.onnx)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).code()).isZero());
        }
    }

    @Test
    void turnsCodeFiveIntoATokenError() {
        try (ModelManagerClient client = DevoModelManagerClient.builder(latest, "wrong-token").build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(TokenException.class)
                    .hasMessage(service + " answered HTTP 403 5: Token invalid or expired"
                            + " (check the token, its domain and the auth type (standalone or bearer))");
        }
    }

    @Test
    void saysToUseTheLegacyClientWhenTheServerAnswers404() {
        String legacy = server.url(FakeModelManagerServer.LEGACY).toString();
        try (ModelManagerClient client = DevoModelManagerClient.builder(legacy, TOKEN).build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage("Devo ML Model Manager at " + legacy + " answered HTTP 404 404: HTTP 404 Not Found"
                            + " (a server older than ML Model Manager 2.4.0 does not offer this endpoint: use"
                            + " DevoLegacyModelManagerClient with the target domain)");
        }
    }

    @Test
    void legacyClientWorksOnTheGivenDomain() throws Exception {
        String legacy = server.url(FakeModelManagerServer.LEGACY).toString();
        Path file = modelFile("old.onnx", ONNX);
        try (ModelManagerClient client = DevoLegacyModelManagerClient.builder(legacy, "self", TOKEN).build()) {
            client.addModel("old", "ONNX", file);
            assertThat(client.getModel("old").engine()).isEqualTo("ONNX");
        }
        assertThat(lastRequest().rawPath()).isEqualTo("/domains/self/models/old");
        assertThat(server.modelNames("self")).contains("old");
    }

    @Test
    void reportsAnErrorWithoutJsonBodyAsUnexpected() {
        String broken = server.url(FakeModelManagerServer.BROKEN).toString();
        try (ModelManagerClient client = DevoModelManagerClient.builder(broken, TOKEN).build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage("Devo ML Model Manager at " + broken + " answered HTTP 502: Unexpected error"
                            + " (after 4 attempts)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isTrue());
        }
    }

    @Test
    void timesOutWithinTheConfiguredTimeoutOnAServerThatNeverAnswers() {
        String silent = server.url(FakeModelManagerServer.SILENT).toString();
        Duration timeout = Duration.ofMillis(700);
        Instant start = Instant.now();
        try (ModelManagerClient client = DevoModelManagerClient.builder(silent, TOKEN).timeout(timeout).build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage("Devo ML Model Manager at " + silent + " did not answer GET " + silent
                            + "/models within 700ms")
                    .satisfies(error -> assertThat(((OperationTimeoutException) error).timeout()).isEqualTo(timeout));
        }
        // The bound proves the call did not wait forever; the slack is the fault tests' 5 s, for a loaded CI machine.
        assertThat(Duration.between(start, Instant.now())).isBetween(timeout, timeout.plusSeconds(5));
    }

    @Test
    void usesThirtySecondsByDefaultAndForZero() {
        try (ModelManagerClient client = DevoModelManagerClient.builder(latest, TOKEN).timeout(Duration.ZERO).build()) {
            assertThat(client.timeout()).isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void rejectsAnInvalidUrl() {
        assertThatThrownBy(() -> DevoModelManagerClient.builder("http://invalid url", TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid url: 'http://invalid url'");
    }

    @Test
    void rejectsATokenAHeaderCannotCarryWithoutQuotingIt() {
        assertThatThrownBy(() -> DevoModelManagerClient.builder(latest, "first\nsecond"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid token: it contains a line break or a control character, which an HTTP header"
                        + " cannot carry");
    }

    @Test
    void stripsTrailingSlashesFromTheUrl() {
        try (ModelManagerClient client = DevoModelManagerClient.builder(latest + "//", TOKEN).build()) {
            assertThat(client.url().toString()).isEqualTo(latest);
        }
    }

    @Test
    void neverShowsTheTokenInLogsMessagesOrToString() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.tango.plugin.devo");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.TRACE);
        List<Throwable> errors = new ArrayList<>();
        Path file = modelFile("logged.onnx", ONNX);
        try (ModelManagerClient client = client();
                ModelManagerClient bearer = DevoModelManagerClient.builder(latest, TOKEN).authType(AuthType.BEARER).build();
                ModelManagerClient silent = DevoModelManagerClient.builder(
                        server.url(FakeModelManagerServer.SILENT).toString(), TOKEN).timeout(Duration.ofMillis(200)).build()) {
            client.getModels();
            client.addModel("logged", "ONNX", file, Optional.of("d"), false);
            client.getModel("logged", true);
            bearer.getModels();
            assertThat(client.toString()).doesNotContain(TOKEN);
            assertThat(bearer.toString()).doesNotContain(TOKEN);
            collect(errors, () -> client.getModel("missing"));
            collect(errors, () -> client.addModel("logged", "ONNX", file));
            collect(errors, () -> client.addModel("x", "NOPE", file));
            collect(errors, silent::getModels);
        }
        finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        try (ModelManagerClient wrong = DevoModelManagerClient.builder(latest, TOKEN + "-expired").build()) {
            collect(errors, wrong::getModels);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(TOKEN));
        assertThat(errors).hasSize(5).allSatisfy(error -> {
            assertThat(error.getMessage()).doesNotContain(TOKEN);
            assertThat(error.toString()).doesNotContain(TOKEN);
        });
        Profile profile = new Profile("p", folder, java.net.URI.create(latest), TOKEN, AuthType.STANDALONE,
                Optional.empty());
        assertThat(profile.toString()).doesNotContain(TOKEN).contains("token=****");
    }

    private static void collect(List<Throwable> errors, Runnable call) {
        try {
            call.run();
        }
        catch (RuntimeException e) {
            errors.add(e);
        }
    }
}
