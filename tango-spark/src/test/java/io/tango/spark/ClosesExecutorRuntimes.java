package io.tango.spark;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes the executor runtimes a test left in this JVM, so the next test starts without loaded models. */
final class ClosesExecutorRuntimes implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        TangoSpark.closeExecutorRuntimes();
    }
}
