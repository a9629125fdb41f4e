package io.tango.testkit.contract;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of a {@link ModelServerProxy}: one URL, predictions invoked with a payload, errors typed; and, when the
 * author says what the server answers ({@link #expectedAnswer(Blob)}), exactly that answer comes back.
 */
public abstract class ModelServerProxyContractTest {

    /** @return the proxy under test */
    protected abstract ModelServerProxy proxy();

    /** @return a payload the server answers for PREDICT */
    protected abstract Blob predictPayload();

    /** @return a payload the server rejects for PREDICT (malformed for its protocol) */
    protected abstract Blob malformedPayload();

    /**
     * What the server answers to the {@link #predictPayload()}; override it so a proxy that returns its payload (or
     * anything else) fails. Compared as UTF-8 text without surrounding blanks. Empty by default, which skips
     * {@code answersWhatThePluginExpects}.
     *
     * @param payload the predict payload
     * @return the expected answer, or empty when there is nothing to compare
     */
    protected Optional<Blob> expectedAnswer(Blob payload) {
        return Optional.empty();
    }

    @Test
    void answersWhatThePluginExpects() {
        Blob payload = predictPayload();
        Optional<Blob> expected = expectedAnswer(payload);
        assumeTrue(expected.isPresent(), "expectedAnswer(payload) is not overridden");
        ExpectedPredictions.assertAnswered(proxy().invoke(RequestType.PREDICT, payload), expected.get(), payload);
    }

    @Test
    void hasAServerUrlWithoutCredentials() {
        assertThat(proxy().serverUrl().getScheme()).isIn("http", "https");
        assertThat(proxy().serverUrl().getUserInfo()).isNull();
    }

    @Test
    void invokesAPrediction() {
        Blob answer = proxy().invoke(RequestType.PREDICT, predictPayload());
        assertThat(answer.size()).isPositive();
        assertThat(answer.contentType()).isNotBlank();
    }

    @Test
    void reportsARejectedPayloadAsARemoteServiceError() {
        assertThatThrownBy(() -> proxy().invoke(RequestType.PREDICT, malformedPayload()))
                .isInstanceOf(RemoteServiceException.class)
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
    }
}
