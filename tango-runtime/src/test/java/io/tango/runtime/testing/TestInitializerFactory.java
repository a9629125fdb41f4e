package io.tango.runtime.testing;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Initializes descriptors of format {@code test}; can hold every load at a gate, or fail the first loads. */
public final class TestInitializerFactory implements ModelInitializerFactory {
    static final ConfigOption<Integer> FAILURES = ConfigOption.integer("failures").withDefault(0).withMinimum(0)
            .withDescription("How many first loads fail");

    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public String description() {
        return "Loads models of format 'test'";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(FAILURES);
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        return new Initializer(config.get(FAILURES));
    }

    /** The initializer. */
    public static final class Initializer implements ModelInitializer {
        private final AtomicInteger failuresLeft;
        private final AtomicInteger loads = new AtomicInteger();
        private final CountDownLatch gate = new CountDownLatch(1);
        private volatile boolean gated;

        Initializer(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        /** Makes loads wait until {@link #open()}. */
        public void hold() {
            gated = true;
        }

        /** Lets held loads go on. */
        public void open() {
            gate.countDown();
        }

        /** @return how many loads started */
        public int loads() {
            return loads.get();
        }

        @Override
        public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
            if (!descriptor.format().equals("test")) {
                return Optional.empty();
            }
            loads.incrementAndGet();
            if (gated) {
                try {
                    if (!gate.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TangoException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TangoException("interrupted");
                }
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new TangoException("artifact of '" + descriptor.key() + "' is corrupt");
            }
            return Optional.of(new TestModel(descriptor));
        }
    }
}
