package io.tango.plugin.devo;

import java.util.Map;

import io.tango.api.spi.TangoFactory;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The testkit's factory contract for {@link DevoModelFinderFactory}. */
class DevoModelFinderFactoryContractTest extends FactoryContractTest {
    private static FakeModelManagerServer server;

    @BeforeAll
    static void start() {
        server = DevoTestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected TangoFactory<?> factory() {
        return new DevoModelFinderFactory();
    }

    @Override
    protected Map<String, Object> validConfig() {
        return DevoTestServer.connection(server);
    }
}
