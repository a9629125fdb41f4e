package io.tango.plugin.deepaas;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** The DEEPAAS finder against a real DEEPaaS 2.6.0 serving the demo package's two models. */
class DeepaasModelFinderTest {
    private static DeepaasTestServer server;
    private static DeepaasModelFinder finder;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        finder = (DeepaasModelFinder) TestComponents.create(new DeepaasModelFinderFactory(), "demo", Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (finder != null) {
            finder.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void describesAModelByItsUrlKey() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow();

        assertThat(descriptor.key()).isEqualTo(ModelKey.of(server.key(CLASSIFIER)));
        assertThat(descriptor.name()).isEqualTo(CLASSIFIER);
        assertThat(descriptor.version()).contains("1.2.0");
        assertThat(descriptor.format()).isEqualTo("deepaas");
        assertThat(descriptor.endpoint()).contains(server.baseUrl());
        assertThat(descriptor.artifactPath()).isEmpty();
        assertThat(descriptor.origin()).isEqualTo("finder demo");
    }

    @Test
    void readsThePredictArgumentsFromTheOpenApiDescription() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow();

        assertThat(descriptor.signature().inputs()).containsExactly(
                new FieldSpec("petal_length", DataType.FLOAT64, List.of(), true, "Petal length", Optional.empty(), List.of()),
                new FieldSpec("petal_width", DataType.FLOAT64, List.of(), false, "Petal width", Optional.of("0.2"), List.of()),
                new FieldSpec("unit", DataType.STRING, List.of(), false, "Unit of the lengths", Optional.of("cm"),
                        List.of("cm", "mm")),
                new FieldSpec("top_k", DataType.INT64, List.of(), false, "How many labels to return", Optional.of("1"),
                        List.of()),
                new FieldSpec("calibrated", DataType.BOOLEAN, List.of(), false, "Whether to sharpen the probabilities",
                        Optional.of("false"), List.of()),
                new FieldSpec("attachment", DataType.BYTES, List.of(), false, "Any file; its SHA-256 is echoed back",
                        Optional.empty(), List.of()),
                new FieldSpec("accept", DataType.STRING, List.of(), false, "Media type of the response",
                        Optional.of("application/json"), List.of("application/json", "text/plain", "*/*")));
    }

    @Test
    void readsTheModelsResponseSchemaAsOutputs() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow();

        assertThat(descriptor.signature().outputs()).containsExactly(
                new FieldSpec("status", DataType.STRING, List.of(), true, "Always 'OK'", Optional.empty(), List.of()),
                new FieldSpec("predictions", DataType.OBJECT, List.of(-1L), true, "The labels, most probable first",
                        Optional.empty(), List.of()),
                new FieldSpec("unit", DataType.STRING, List.of(), true, "The unit the lengths were given in",
                        Optional.empty(), List.of()),
                new FieldSpec("attachment_sha256", DataType.STRING, List.of(), false,
                        "SHA-256 of the attachment, when one was sent", Optional.empty(), List.of()));
    }

    @Test
    void keepsTheNativeMetadataAndTheTrainArgumentsInTheDescriptorMetadata() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow();

        assertThat(descriptor.metadata()).containsExactly(
                entry("deepaas.base_url", server.baseUrl().toString()),
                entry("deepaas.model", CLASSIFIER),
                entry("deepaas.meta.id", "iris-rules"),
                entry("deepaas.meta.name", "Iris rules"),
                entry("deepaas.meta.description", "Classifies iris flowers with three hand-written rules."),
                entry("deepaas.meta.author", "TANGO tests"),
                entry("deepaas.meta.version", "1.2.0"),
                entry("deepaas.meta.license", "Apache-2.0"),
                entry("deepaas.meta.url", "https://example.invalid/iris-rules"),
                entry("deepaas.meta.labels", "[\"setosa\",\"versicolor\",\"virginica\"]"),
                entry("deepaas.train.epochs", "epochs: INT64"),
                entry("deepaas.train.epoch_seconds", "epoch_seconds: FLOAT64 (optional, default 0.2)"),
                entry("deepaas.train.learning_rate", "learning_rate: FLOAT64 (optional, default 0.1)"),
                entry("deepaas.train.optimizer", "optimizer: STRING (optional, default sgd) one of [sgd, adam]"));
    }

    @Test
    void namesAModelByItsUrlKeyNotItsDisplayName() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(ECHO))).orElseThrow();

        assertThat(descriptor.name()).isEqualTo(ECHO);
        assertThat(descriptor.metadata()).contains(entry("deepaas.meta.name", "Echo"), entry("deepaas.meta.id", "echo-1"));
        assertThat(finder.find(ModelKey.of(server.key("Echo")))).isEmpty();
    }

    @Test
    void declaresTheWrappedPredictionsOfAModelWithoutASchema() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(server.key(ECHO))).orElseThrow();

        assertThat(descriptor.signature().outputs()).extracting(FieldSpec::name, FieldSpec::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("predictions", DataType.UNKNOWN));
        assertThat(descriptor.version()).isEmpty();
    }

    @Test
    void answersEmptyForAModelTheServerDoesNotServe() {
        assertThat(finder.find(ModelKey.of(server.key("no-such-model")))).isEmpty();
    }

    @Test
    void answersEmptyForAKeyOfAnotherScheme() {
        assertThat(finder.find(ModelKey.of("models:/iris/1"))).isEmpty();
    }

    @Test
    void resolvesShortKeysAgainstTheConfiguredBaseUrl() {
        try (DeepaasModelFinder configured = (DeepaasModelFinder) TestComponents.create(new DeepaasModelFinderFactory(),
                "configured", TestComponents.serverConfig(server.baseUrl()))) {
            ModelDescriptor descriptor = configured.find(ModelKey.of("deepaas:/" + ECHO)).orElseThrow();

            assertThat(descriptor.name()).isEqualTo(ECHO);
            assertThat(descriptor.endpoint()).contains(server.baseUrl());
        }
    }

    @Test
    void rejectsAShortKeyWithoutAConfiguredBaseUrl() {
        assertThatThrownBy(() -> finder.find(ModelKey.of("deepaas:/" + ECHO)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("model key 'deepaas:/demo-echo' names no server and no base_url is configured; write"
                        + " deepaas://<host>:<port>/demo-echo or set base_url");
    }

    @Test
    void listsTheServersModelsInItsOrder() {
        List<DeepaasModelDescription> models = finder.listModels(server.baseUrl());

        assertThat(models).extracting(DeepaasModelDescription::model).containsExactly(CLASSIFIER, ECHO);
        assertThat(models).extracting(DeepaasModelDescription::displayName).containsExactly("Iris rules", "Echo");
    }
}
