package io.tango.plugin.devo;

import java.nio.file.Path;
import java.util.Map;

import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.contract.ModelFinderContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's finder contract, met by the Devo finder against the fake ML Model Manager. */
class DevoModelFinderContractTest extends ModelFinderContractTest {
    @TempDir
    static Path downloads;

    private static FakeModelManagerServer server;
    private static ModelFinder finder;

    @BeforeAll
    static void start() {
        server = DevoTestServer.start();
        Map<String, Object> config = DevoTestServer.connection(server);
        config.put("download_path", downloads.toString());
        finder = new DevoModelFinderFactory().create(MapTangoConfig.of(config), "devo");
    }

    @AfterAll
    static void stop() {
        finder.close();
        server.close();
    }

    @Override
    protected ModelFinder finder() {
        return finder;
    }

    @Override
    protected ModelKey existingKey() {
        return ModelKey.of("devo://devo/iris");
    }

    @Override
    protected ModelKey missingKey() {
        return ModelKey.of("devo://devo/no-such-model");
    }
}
