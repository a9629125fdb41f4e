package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers a broken or hostile server may send: bodies past {@code max_response_size}, JSON nested thousands deep,
 * fields of the wrong type. Each ends in a typed error (or is read, when it is merely odd), never a raw exception, an
 * exhausted heap or stack, or a message the size of the answer.
 */
class DeepaasHostileAnswerTest {
    private static FaultyHttpServer server;
    private static String service;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json(DeepaasFaultTest.METADATA));
        service = "DEEPaaS at " + server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DeepaasRegistryConnector registry(Object... more) {
        Map<String, Object> config = TestComponents.serverConfig(server.uri(), more);
        config.put("max_retries", 0);
        return (DeepaasRegistryConnector) TestComponents.create(new DeepaasRegistryConnectorFactory(), "hostile", config);
    }

    private static String nested(int depth) {
        return "{\"id\":\"demo\",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    @Test
    void refusesAnAnswerLargerThanMaxResponseSize() {
        server.enqueue(Fault.json("{\"id\":\"demo\",\"description\":\"" + "x".repeat(2 << 20) + "\"}"));
        try (DeepaasRegistryConnector registry = registry("max_response_size", "1MiB")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading the metadata of model 'demo' failed: the answer"
                            + " to GET /v2/models/demo/ is over the size cap of 1048576 bytes; raise the option"
                            + " max_response_size to accept it")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
    }

    @Test
    void refusesAPredictionLargerThanMaxResponseSizeAndSendsItOnce() {
        int mark = server.requestCount();
        server.enqueue(Fault.answer(200, "image/png", "p".repeat(300_000)));
        try (DeepaasModelServerProxy proxy = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "hostile", TestComponents.serverConfig(server.uri(),
                        "model", "demo", "max_response_size", "256KiB"))) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: predict with model 'demo' failed: the answer to"
                            + " POST /v2/models/demo/predict/ is over the size cap of 262144 bytes; raise the option"
                            + " max_response_size to accept it");
        }
        assertThat(server.requestCount() - mark).isEqualTo(1);
    }

    @Test
    void readsAnAnswerJustWithinMaxResponseSize() {
        String body = "{\"id\":\"demo\",\"description\":\"" + "x".repeat(1000) + "\"}";
        server.enqueue(Fault.json(body));
        try (DeepaasRegistryConnector registry = registry("max_response_size", String.valueOf(body.length()))) {
            assertThat(registry.nativeMetadata(ModelKey.of("demo"))).containsKey("description");
        }
    }

    @Test
    void refusesJsonNestedDeeperThanTheParserAllowsAsNotJson() {
        server.enqueue(Fault.json(nested(100_000)));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(service + " answered HTTP 200: reading the metadata of model 'demo'"
                            + " returned a body that is not JSON (application/json): {\"id\":\"demo\",\"deep\":[[[")
                    .satisfies(error -> assertThat(error.getMessage().length()).isLessThan(800));
        }
    }

    @Test
    void describesAModelWhoseMetadataIsNestedDeepButWithinTheParsersLimit() {
        server.enqueue(Fault.json(nested(900)), Fault.json(DeepaasFaultTest.SWAGGER));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThat(registry.describe(ModelKey.of("demo")).metadata()).containsKey("deep");
        }
    }

    @Test
    void refusesAModelListThatIsNotAList() {
        server.enqueue(Fault.json("{\"models\":{\"demo\":{}}}"));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThatThrownBy(registry::listModels)
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: listing the models returned no 'models' list:"
                            + " {\"models\":{\"demo\":{}}}");
        }
    }

    @Test
    void refusesAModelListEntryThatIsNotAnObject() {
        server.enqueue(Fault.json("{\"models\":[\"demo\",42]}"));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThatThrownBy(registry::listModels)
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: listing the models returned a model entry that is not"
                            + " a JSON object: \"demo\"");
        }
    }

    @Test
    void refusesMetadataThatIsNotAnObject() {
        server.enqueue(Fault.json("[\"demo\"]"));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading the metadata of model 'demo' returned JSON that"
                            + " is not an object: [\"demo\"]");
        }
    }

    @Test
    void refusesATrainingWhoseIdIsNotText() {
        server.enqueue(Fault.json("{\"uuid\":42,\"status\":[\"running\"]}"));
        try (DeepaasServers http = new DeepaasServers(DeepaasClientSettings.DEFAULT, "hostile-test")) {
            DeepaasClient client = http.client(server.uri());
            assertThatThrownBy(() -> client.training("demo", "0123abcd"))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading training 0123abcd of model 'demo' returned not"
                            + " a DEEPaaS training document: {\"uuid\":42,\"status\":[\"running\"]}");
        }
    }

    @Test
    void readsAModelListWhoseLinksAreMalformedByTheirNames() {
        server.enqueue(Fault.json("{\"models\":[{\"name\":\"n\",\"links\":[{\"rel\":\"self\",\"href\":\"/v2/models/%zz/\"}]},"
                + "{\"name\":7,\"links\":\"none\"}]}"), Fault.json("[]"));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThat(registry.listModels()).extracting(DeepaasModelDescription::model).containsExactly("%zz", "7");
        }
    }

    @Test
    void readsOpenApiBoundsTooLargeForADoubleAsNoBound() {
        String swagger = "{\"paths\":{\"/v2/models/demo/predict/\":{\"post\":{\"parameters\":[{\"in\":\"formData\","
                + "\"name\":\"n\",\"type\":\"number\",\"minimum\":-1e400,\"maximum\":1e400}]}}}}";
        server.enqueue(Fault.json(DeepaasFaultTest.METADATA), Fault.json(swagger));
        try (DeepaasRegistryConnector registry = registry()) {
            assertThat(registry.describe(ModelKey.of("demo")).predictArguments()).extracting(Object::toString)
                    .containsExactly("n: FLOAT64 (optional)");
        }
    }

    @Test
    void mapsAPredictionWithWrongTypedFieldsAsTheyCame() {
        try (DeepaasServers http = new DeepaasServers(DeepaasClientSettings.of(Duration.ofSeconds(5), Duration.ofSeconds(5),
                0, Duration.ofMillis(1)), "hostile-model");
                DeepaasModel model = DeepaasFaultTest.model(http, server.uri())) {
            server.enqueue(Fault.json("{\"status\":[1,2],\"predictions\":{\"x\":null}}"));
            TangoResponse response = model.predict(TangoRequest.of(Map.of("text", "hi")), WorkingSession.none());
            assertThat(response.outputs()).containsOnlyKeys("predictions");
            assertThat(response.outputs().get("predictions")).isEqualTo(java.util.Collections.singletonMap("x", null));
            assertThat(response.metadata()).containsEntry("status", List.of(1, 2));
        }
    }
}
