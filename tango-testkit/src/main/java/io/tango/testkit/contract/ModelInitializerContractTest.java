package io.tango.testkit.contract;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of a {@link ModelInitializer}: its formats become runnable models, other formats are "not mine"; and,
 * when the author says what the sample request must yield ({@link #expectedPrediction(TangoRequest)}), the model
 * yields exactly that.
 */
public abstract class ModelInitializerContractTest {

    /** @return the initializer under test */
    protected abstract ModelInitializer initializer();

    /** @return a descriptor of a format the initializer handles */
    protected abstract ModelDescriptor supportedDescriptor();

    /** @return a request the supported model answers */
    protected abstract TangoRequest sampleRequest();

    /**
     * What the supported model must answer to a request; override it so a model that answers anything (its input,
     * say) fails. Empty by default, which skips {@code predictsWhatThePluginExpects}.
     *
     * @param request the {@link #sampleRequest()}
     * @return the expected response (each output it names is compared; others are not), or empty when there is
     *         nothing to compare
     */
    protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
        return Optional.empty();
    }

    @Test
    void predictsWhatThePluginExpects() {
        TangoRequest request = sampleRequest();
        Optional<TangoResponse> expected = expectedPrediction(request);
        assumeTrue(expected.isPresent(), "expectedPrediction(request) is not overridden");
        TangoModel<?, ?> model = initializer().initialize(supportedDescriptor()).orElseThrow();
        try {
            ExpectedPredictions.assertPredicted(model.predict(request), expected.get(), request);
        } finally {
            model.close();
        }
    }

    @Test
    void makesASupportedModelReadyToPredict() {
        TangoModel<?, ?> model = initializer().initialize(supportedDescriptor()).orElseThrow();
        try {
            TangoResponse response = model.predict(sampleRequest());
            assertThat(response.outputs()).isNotEmpty();
        } finally {
            model.close();
        }
    }

    @Test
    void keepsTheDescriptorsKeyAndFormat() {
        TangoModel<?, ?> model = initializer().initialize(supportedDescriptor()).orElseThrow();
        try {
            assertThat(model.descriptor().key()).isEqualTo(supportedDescriptor().key());
            assertThat(model.descriptor().format()).isEqualTo(supportedDescriptor().format());
        } finally {
            model.close();
        }
    }

    @Test
    void answersEmptyForAFormatItDoesNotHandle() {
        ModelDescriptor foreign = ModelDescriptor.builder(supportedDescriptor().key(), "foreign", "tango-contract-foreign-format").build();
        assertThat(initializer().initialize(foreign)).isEmpty();
    }

    @Test
    void mapsRequestThroughInvokeToTheSameResponseAsPredict() {
        TangoModel<?, ?> model = initializer().initialize(supportedDescriptor()).orElseThrow();
        try {
            assertThat(roundTrip(model, sampleRequest()).outputs().keySet())
                    .isEqualTo(model.predict(sampleRequest()).outputs().keySet());
        } finally {
            model.close();
        }
    }

    private static <I, O> TangoResponse roundTrip(TangoModel<I, O> model, TangoRequest request) {
        return model.mapResponse(model.invoke(model.mapRequest(request, io.tango.api.WorkingSession.none())));
    }
}
