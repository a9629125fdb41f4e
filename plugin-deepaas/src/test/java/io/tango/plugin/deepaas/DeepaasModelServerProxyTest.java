package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.toolkit.http.MultipartBody;
import io.tango.api.InvalidConfigException;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.plugin.deepaas.client.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DEEPAAS model server proxy against a real DEEPaaS 2.6.0 serving the demo models. */
class DeepaasModelServerProxyTest {
    private static DeepaasTestServer server;
    private static DeepaasModelServerProxy proxy;
    private static DeepaasModelFinder finder;
    private static DeepaasModelInitializer initializer;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        proxy = (DeepaasModelServerProxy) TestComponents.create(new DeepaasModelServerProxyFactory(), "server",
                TestComponents.serverConfig(server.baseUrl(), "model", CLASSIFIER));
        finder = (DeepaasModelFinder) TestComponents.create(new DeepaasModelFinderFactory(), "server", Map.of());
        initializer = (DeepaasModelInitializer) TestComponents.create(new DeepaasModelInitializerFactory(), "server",
                Map.of());
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {proxy, finder, initializer, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void hasTheServerAsItsUrl() {
        assertThat(proxy.serverUrl()).isEqualTo(server.baseUrl());
    }

    @Test
    void sendsTheBodyAModelMappedAndAnswersTheServersBody() throws IOException {
        @SuppressWarnings("unchecked")
        TangoModel<DeepaasPredictRequest, Blob> model = (TangoModel<DeepaasPredictRequest, Blob>) initializer
                .initialize(finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow()).orElseThrow();
        DeepaasPredictRequest mapped = model.mapRequest(TangoRequest.of(Map.of("petal_length", 6)), WorkingSession.none());

        Blob answer = proxy.invoke(RequestType.PREDICT, mapped.body());

        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(Json.write(Json.parse(answer.bytes()))).isEqualTo("{\"status\":\"OK\",\"predictions\":"
                + "[{\"label\":\"virginica\",\"probability\":0.8}],\"unit\":\"cm\",\"attachment_sha256\":null}");
    }

    @Test
    void negotiatesTheAnswersContentType() {
        Blob body = form(MultipartBody.builder().text("petal_length", "1"));

        Blob answer = proxy.invoke(RequestType.PREDICT, body, Optional.of("text/plain"));

        assertThat(answer.contentType()).isEqualTo("text/plain");
        assertThat(answer.asUtf8()).isEqualTo("setosa");
    }

    @Test
    void startsATrainingThatTheTrainerFollows() throws IOException, InterruptedException {
        Blob body = form(MultipartBody.builder().text("epochs", "1").text("epoch_seconds", "0.1"));

        Blob answer = proxy.invoke(RequestType.TRAIN, body);

        Map<String, Object> training = Json.toMap(Json.parse(answer.bytes()));
        assertThat(training).containsEntry("status", "running").containsKey("uuid");
        try (ModelTrainer trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "trainer",
                TestComponents.serverConfig(server.baseUrl(), "poll_interval", "100ms"))) {
            TrainingFuture future = trainer.getTrainingFuture("trainer:" + training.get("uuid"));
            assertThat(future.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void answersTheModelsMetadata() throws IOException {
        Blob answer = proxy.invoke(RequestType.METADATA, Blob.of("application/json", new byte[0]));

        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(Json.toMap(Json.parse(answer.bytes()))).containsEntry("id", "iris-rules").containsEntry("name", "Iris rules");
    }

    @Test
    void refusesToExplain() {
        assertThatThrownBy(() -> proxy.invoke(RequestType.EXPLAIN, Blob.ofUtf8("application/json", "{}")))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("model server 'server' (DEEPaaS at " + server.baseUrl() + ") does not support EXPLAIN:"
                        + " DEEPaaS has no explanation endpoint");
    }

    @Test
    void reportsAMalformedPayloadAsARemoteError() {
        assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{not json")))
                .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                    assertThat(remote.httpStatus()).hasValue(400);
                    assertThat(remote.isRetriable()).isFalse();
                })
                .hasMessage("DEEPaaS at " + server.baseUrl() + " answered HTTP 400: predict with model"
                        + " 'demo-classifier' failed: {\"json\": [\"Invalid JSON body.\"]}");
    }

    @Test
    void needsAModelWhenTheServerServesSeveral() {
        try (DeepaasModelServerProxy unset = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "unset", TestComponents.serverConfig(server.baseUrl()))) {
            assertThatThrownBy(() -> unset.invoke(RequestType.METADATA, Blob.of("application/json", new byte[0])))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("Invalid configuration: model: DEEPaaS at " + server.baseUrl() + " serves 2 models"
                            + " [demo-classifier, demo-echo]: set 'model' to the one this model server invokes");
        }
    }

    @Test
    void reportsAModelTheServerDoesNotServe() {
        try (DeepaasModelServerProxy missing = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "missing",
                TestComponents.serverConfig(server.baseUrl(), "model", "no-such-model"))) {
            assertThatThrownBy(() -> missing.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessage("DEEPaaS at " + server.baseUrl() + " has no model 'no-such-model' (HTTP 404 on predict)");
        }
    }

    private static Blob form(MultipartBody.Builder form) {
        MultipartBody body = form.build();
        return Blob.of(body.contentType(), body.bytes());
    }
}
