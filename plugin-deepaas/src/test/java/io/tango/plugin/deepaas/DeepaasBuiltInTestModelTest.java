package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.plugin.deepaas.client.DeepaasServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.TEST_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * DEEPaaS 2.6.0's built-in {@code deepaas-test} model (served when no model package is installed), on a server with a
 * {@code --base-path}.
 */
class DeepaasBuiltInTestModelTest {
    private static final String BASE_PATH = "/api/deepaas";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static DeepaasTestServer server;
    private static DeepaasRegistryConnector registry;
    private static DeepaasModelFinder finder;
    private static DeepaasModelInitializer initializer;
    private static TangoModel<?, ?> model;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.builtInTestModel(BASE_PATH);
        registry = (DeepaasRegistryConnector) TestComponents.create(new DeepaasRegistryConnectorFactory(), "builtin",
                TestComponents.serverConfig(server.baseUrl()));
        finder = (DeepaasModelFinder) TestComponents.create(new DeepaasModelFinderFactory(), "builtin", Map.of());
        initializer = (DeepaasModelInitializer) TestComponents.create(new DeepaasModelInitializerFactory(), "builtin",
                Map.of());
        model = initializer.initialize(finder.find(ModelKey.of(server.key(TEST_MODEL))).orElseThrow()).orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {registry, finder, initializer, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static TangoRequest.Builder request() {
        return TangoRequest.builder()
                .input("data", Blob.ofFile("text/plain", "data.txt", "some data".getBytes(StandardCharsets.UTF_8)))
                .parameter("parameter", 1);
    }

    @Test
    void listsTheBuiltInModel() {
        List<DeepaasModelDescription> models = registry.listModels();

        assertThat(models).extracting(DeepaasModelDescription::model).containsExactly(TEST_MODEL);
        assertThat(models.get(0).metadata()).contains(entry("id", "0"), entry("name", TEST_MODEL),
                entry("author", "Alvaro Lopez Garcia"), entry("version", "0.0.1"));
        assertThat(models.get(0).baseUrl()).isEqualTo(server.baseUrl());
    }

    @Test
    void describesItsArgumentsAndResponse() {
        DeepaasModelDescription description = registry.describe(ModelKey.of(TEST_MODEL));

        assertThat(description.predictArguments()).containsExactly(
                new FieldSpec("data", DataType.BYTES, List.of(), true, "Data file to perform inference.",
                        Optional.empty(), List.of()),
                new FieldSpec("parameter", DataType.INT64, List.of(), true, "This is a parameter for prediction",
                        Optional.empty(), List.of()),
                new FieldSpec("parameter_three", DataType.STRING, List.of(), false,
                        "This is a parameter that forces its value to be one of the choices declared in 'enum'",
                        Optional.empty(), List.of("foo", "bar")),
                new FieldSpec("accept", DataType.STRING, List.of(), false,
                        "Media type(s) that is/are acceptable for the response.", Optional.of("application/json"),
                        List.of("application/json", "text/plain", "image/png", "*/*")));
        assertThat(description.trainArguments()).containsExactly(
                new FieldSpec("sleep", DataType.INT64, List.of(), true, "", Optional.empty(), List.of()),
                new FieldSpec("parameter_two", DataType.STRING, List.of(), false, "This is a string parameter.",
                        Optional.empty(), List.of()));
        assertThat(description.outputs()).extracting(FieldSpec::name, FieldSpec::type, FieldSpec::shape).containsExactly(
                org.assertj.core.groups.Tuple.tuple("date", DataType.STRING, List.of()),
                org.assertj.core.groups.Tuple.tuple("labels", DataType.OBJECT, List.of(-1L)),
                org.assertj.core.groups.Tuple.tuple("data", DataType.STRING, List.of()));
    }

    @Test
    void findsTheModelByAKeyWithTheBasePath() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(TEST_MODEL))).orElseThrow();

        assertThat(descriptor.endpoint()).contains(server.baseUrl());
        assertThat(descriptor.metadata()).containsEntry("deepaas.base_url", "http://127.0.0.1:" + server.port() + BASE_PATH);
    }

    @Test
    void predictsWithAFileAndItsOwnResponseSchema() {
        TangoResponse response = model.predict(request().build());

        assertThat(response.outputs()).containsOnlyKeys("date", "labels", "data");
        assertThat(response.output("date")).contains("2019-01-1");
        assertThat(response.output("labels")).contains(List.of(Map.of("label", "foo", "probability", 1.0)));
        assertThat((String) response.output("data").orElseThrow()).startsWith("data:image/png;base64,iVBORw0KGgo");
    }

    @Test
    void answersAnImageWhenAskedForOne() {
        TangoResponse response = model.predict(request().accept("image/png").build());

        assertThat(response.contentType()).isEqualTo("image/png");
        Blob image = (Blob) response.output("predictions").orElseThrow();
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(Arrays.copyOf(image.bytes(), PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
    }

    @Test
    void answersTextWhenAskedForIt() {
        TangoResponse response = model.predict(request().accept("text/plain").build());

        assertThat(response.contentType()).isEqualTo("text/plain");
        assertThat((String) response.output("predictions").orElseThrow()).startsWith("data:image/png;base64,");
    }

    @Test
    void answersJsonWhenAnythingIsAccepted() {
        TangoResponse response = model.predict(request().accept("*/*").build());

        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.outputs()).containsOnlyKeys("date", "labels", "data");
    }

    @Test
    void rejectsAValueOutsideTheChoices() {
        assertThatThrownBy(() -> model.predict(request().parameter("parameter_three", "baz").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'deepaas-test': argument 'parameter_three'"
                        + " must be one of [foo, bar], got 'baz'");
    }

    @Test
    void trainsTheBuiltInModel() throws InterruptedException {
        try (ModelTrainer trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "builtin",
                TestComponents.serverConfig(server.baseUrl(), "poll_interval", "100ms"))) {
            TrainingFuture future = trainer.train(TrainingRequest.of(TEST_MODEL, Map.of("sleep", 1, "parameter_two", "x")));

            ModelDescriptor trained = future.result(Duration.ofMinutes(1));

            assertThat(future.info().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(future.info().details()).containsEntry("deepaas.arguments", "{\"sleep\":1,\"parameter_two\":\"x\"}");
            assertThat(trained.metadata()).doesNotContainKey("deepaas.training.output");
        }
    }

    @Test
    void reportsATrailingSlashRedirectInsteadOfFollowingIt() {
        try (DeepaasServers http = new DeepaasServers(DeepaasClientSettings.DEFAULT, "redirect-test")) {
            DeepaasClient client = http.client(server.baseUrl());
            HttpResponse<byte[]> answer = client.call("GET", "/v2/models", Optional.empty(), Optional.empty(), "listing the models");

            assertThat(answer.statusCode()).isEqualTo(308);
            assertThat(answer.headers().firstValue("Location")).hasValue(BASE_PATH + "/v2/models/");
            assertThatThrownBy(() -> client.checked(answer, "listing the models"))
                    .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                        assertThat(remote.httpStatus()).hasValue(308);
                        assertThat(remote.isRetriable()).isFalse();
                    })
                    .hasMessage("DEEPaaS at " + server.baseUrl() + " answered HTTP 308: listing the models was"
                            + " redirected to '" + BASE_PATH + "/v2/models/'; DEEPaaS redirects paths without their"
                            + " trailing slash, and this client sends canonical paths only: check that the base URL is"
                            + " the server's, with its --base-path");
        }
    }
}
