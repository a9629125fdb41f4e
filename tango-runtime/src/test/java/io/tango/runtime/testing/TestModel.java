package io.tango.runtime.testing;

import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.Map;

/** Answers every request with its own inputs. */
public final class TestModel implements TangoModel<Map<String, Object>, Map<String, Object>> {
    private final ModelDescriptor descriptor;
    private volatile boolean closed;

    TestModel(ModelDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Map<String, Object> mapRequest(TangoRequest request, WorkingSession session) {
        return request.inputs();
    }

    @Override
    public Map<String, Object> invoke(Map<String, Object> nativeRequest) {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        return nativeRequest;
    }

    @Override
    public TangoResponse mapResponse(Map<String, Object> nativeResponse) {
        return TangoResponse.of(nativeResponse);
    }

    /** @return whether close was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
