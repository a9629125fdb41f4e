package io.tango.toolkit.proxy;

import io.tango.api.Blob;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestDispatchingProxyTest {
    private static final Blob PAYLOAD = Blob.ofUtf8("application/json", "{}");

    /** Answers predictions with "predicted", and has no other operation. */
    private static final class PredictOnlyProxy extends RequestDispatchingProxy {
        @Override
        public URI serverUrl() {
            return URI.create("http://127.0.0.1:1");
        }

        @Override
        protected Blob predict(Blob payload) {
            return Blob.ofUtf8("text/plain", "predicted");
        }

        @Override
        protected String serviceName() {
            return "test server";
        }

        @Override
        protected String unsupportedReason() {
            return "it only predicts";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void dispatchesARequestTypeToItsOperation() {
        Blob answer = new PredictOnlyProxy().invoke(RequestType.PREDICT, PAYLOAD);

        assertThat(answer).isEqualTo(Blob.ofUtf8("text/plain", "predicted"));
    }

    @Test
    void anOperationNotOverriddenIsUnsupportedWithTheSharedMessage() {
        assertThatThrownBy(() -> new PredictOnlyProxy().invoke(RequestType.TRAIN, PAYLOAD))
                .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("test server cannot train: it only predicts");
    }

    @Test
    void rejectsANullPayload() {
        assertThatThrownBy(() -> new PredictOnlyProxy().invoke(RequestType.PREDICT, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("payload is null");
    }
}
