package io.tango.runtime.testing;

import java.util.concurrent.atomic.AtomicLong;

/** Numbers closes across test components, so tests can check the order the runtime closes them in. */
public final class CloseOrder {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private CloseOrder() {}

    /** @return the next number */
    public static long next() {
        return SEQUENCE.incrementAndGet();
    }
}
