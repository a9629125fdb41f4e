package io.tango.testkit.contract;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of a {@link ModelServerProxy}: one URL, predictions invoked with a payload, errors typed. */
public abstract class ModelServerProxyContractTest {

    /** @return the proxy under test */
    protected abstract ModelServerProxy proxy();

    /** @return a payload the server answers for PREDICT */
    protected abstract Blob predictPayload();

    /** @return a payload the server rejects for PREDICT (malformed for its protocol) */
    protected abstract Blob malformedPayload();

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
