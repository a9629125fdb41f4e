package io.tango.runtime.testing;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.config.TangoConfig;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Finds the keys listed in its {@code models} option; keys in {@code fail_on} fail like a server that is down. */
public final class TestFinder implements ModelFinder {
    private final TangoConfig config;
    private final String instanceName;
    private final List<String> models;
    private final List<String> failOn;
    private final AtomicInteger finds = new AtomicInteger();
    private volatile long closedAt;

    TestFinder(TangoConfig config, String instanceName) {
        this.config = config;
        this.instanceName = instanceName;
        this.models = config.get(TestFinderFactory.MODELS);
        this.failOn = config.get(TestFinderFactory.FAIL_ON);
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        java.util.Objects.requireNonNull(key, "key is null");
        finds.incrementAndGet();
        if (failOn.contains(key.value())) {
            throw new RemoteServiceException("test registry " + instanceName, 503, null, true, "unavailable");
        }
        return models.contains(key.value())
                ? Optional.of(ModelDescriptor.builder(key, key.value(), "test").origin("finder " + instanceName).build())
                : Optional.empty();
    }

    /** @return how many times find was called */
    public int finds() {
        return finds.get();
    }

    /** @return the config it was created with */
    public TangoConfig config() {
        return config;
    }

    /** @return the close sequence number, 0 while open */
    public long closedAt() {
        return closedAt;
    }

    @Override
    public void close() {
        closedAt = CloseOrder.next();
    }
}
