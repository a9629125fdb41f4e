package io.tango.api;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedModelTest {
    private static final ModelDescriptor IRIS = ModelDescriptor.builder(ModelKey.of("iris/1"), "iris", "onnx").build();

    /** A plugin's model: the seed's three steps, nothing else. */
    private static final class Doubling implements TangoModel<Integer, Integer> {
        @Override
        public ModelDescriptor descriptor() {
            return IRIS;
        }

        @Override
        public Integer mapRequest(TangoRequest request, WorkingSession session) {
            return ((Number) request.inputs().get("x")).intValue();
        }

        @Override
        public Integer invoke(Integer nativeRequest) {
            return 2 * nativeRequest;
        }

        @Override
        public TangoResponse mapResponse(Integer nativeResponse) {
            return TangoResponse.of(Map.of("y", nativeResponse));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aHostPredictsThroughLoadedModelWithTheSeedsThreeSteps() {
        LoadedModel model = new Doubling();

        assertThat(model.predict(TangoRequest.of(Map.of("x", 21))).outputs()).containsEntry("y", 42);
    }

    @Test
    void aModelWithoutExplainerSaysSoNamingItself() {
        LoadedModel model = new Doubling();

        assertThatThrownBy(() -> model.explainer(Map.of()))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("model iris/1 (onnx) has no explainer: its plugin does not explain its predictions");
    }
}
