package io.tango.plugin.oip;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.testkit.oip.MlServerServer;
import io.tango.testkit.oip.OipPeerServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * plugin-oip against MLServer 1.7.1: its identity model and {@value MlServerServer#IRIS}, a scikit-learn logistic
 * regression, over REST and gRPC; MLServer's deviations asserted as observed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlServerOipClientTest extends RealOipServerTest {
    private static final String IRIS = MlServerServer.IRIS;
    private static final TangoRequest SETOSA = TangoRequest.builder()
            .input("input-0", List.of(List.of(5.1, 3.5, 1.4, 0.2)))
            .parameter("outputs", List.of("predict", "predict_proba"))
            .build();

    @Override
    OipPeerServer start(Path workDir) {
        return MlServerServer.start(workDir);
    }

    @Test
    void predictsTheRequestedOutputsOfTheSklearnModelOverRestAndGrpc() {
        for (String key : List.of(restKey(IRIS), grpcKey(IRIS))) {
            TangoResponse response = predict(model(initializer, key), SETOSA);

            assertThat(((Tensor) response.outputs().get("predict")).toLongArray()).containsExactly(0L);
            double[] probabilities = ((Tensor) response.outputs().get("predict_proba")).toDoubleArray();
            assertThat(probabilities).hasSize(3);
            assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1.0, within(1e-9));
            assertThat(probabilities[0]).isGreaterThan(0.9);
        }
    }

    /** Known deviation: the model is served as version v1, but its metadata lists no versions. */
    @Test
    void servesTheVersionItsMetadataDoesNotList() {
        ModelDescriptor descriptor = find(restKey(IRIS + "/versions/" + MlServerServer.VERSION));

        assertThat(descriptor.version()).contains(MlServerServer.VERSION);
        assertThat(descriptor.metadata()).doesNotContainKey("oip.versions");
        assertThat(finder.find(ModelKey.of(grpcKey(IRIS + "/versions/v9")))).isEmpty();
    }

    @Test
    void anUnknownModelIsNotFoundWhenAskedIfReadyOverRestAndGrpc() {
        assertThatThrownBy(() -> rest.modelReady(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> grpc.modelReady(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("UNKNOWN to ModelReady");
    }

    /** Known deviation: no binary tensor data extension; a binary body answers 500. */
    @Test
    void hasNoBinaryExtensionSoAutoSendsJsonAndAlwaysFails() {
        assertThat(rest.serverMetadata().extensions()).isEmpty();
        try (ModelInitializer binary = TestComponents.create(new OipModelInitializerFactory(), null, "binary", "always")) {
            var model = own(binary.initialize(find(restKey(IRIS))).orElseThrow());

            assertThatThrownBy(() -> predict(model, SETOSA))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageContaining("answered HTTP 500");
        }
    }

    /** A model that fails on its input answers 500 (REST) or INTERNAL (gRPC), not 400: not retriable. */
    @Test
    void aModelThatFailsIsANonRetriableRemoteError() {
        TangoRequest narrow = TangoRequest.of(Map.of("input-0", Tensor.ofDoubles(new double[] {1, 2, 3}, 1, 3)));

        assertThatThrownBy(() -> predict(model(unchecked, restKey(IRIS)), narrow))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered HTTP 500")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        assertThatThrownBy(() -> predict(model(unchecked, grpcKey(IRIS)), narrow))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered INTERNAL: X has 3 features, but LogisticRegression is expecting 4"
                        + " features as input.");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it unloads a model the other tests use
    void indexesUnloadsAndLoadsAModelThroughTheRepository() {
        assertThat(rest.repositoryIndex()).extracting(entry -> entry.get("name"), entry -> entry.get("state"))
                .contains(org.assertj.core.groups.Tuple.tuple(IRIS, "READY"), org.assertj.core.groups.Tuple.tuple(IDENTITY, "READY"));

        rest.unload(ModelKey.of(IRIS));
        assertThatThrownBy(() -> rest.modelReady(ModelKey.of(IRIS))).isExactlyInstanceOf(ModelNotFoundException.class);
        rest.load(ModelKey.of(IRIS));

        assertThat(rest.modelReady(ModelKey.of(IRIS))).isTrue();
        assertThat(predict(model(initializer, restKey(IRIS)), SETOSA).outputs()).containsKeys("predict", "predict_proba");
        assertThatThrownBy(() -> rest.load(ModelKey.of("no-such-model"))).isExactlyInstanceOf(ModelNotFoundException.class);
    }
}
