package io.tango.plugin.devo;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tango.plugin.devo.server.FakeModelManagerServer;

/** A fake ML Model Manager holding an ONNX model {@code iris} and an H2O model {@code fraud} in domain {@code acme}. */
final class DevoTestServer {
    static final String TOKEN = "integration-token-7c1e";
    static final String DOMAIN = "acme";
    static final byte[] IRIS = "onnx model of iris".getBytes(StandardCharsets.UTF_8);
    static final byte[] FRAUD = "h2o mojo of fraud".getBytes(StandardCharsets.UTF_8);

    private DevoTestServer() {}

    static FakeModelManagerServer start() {
        FakeModelManagerServer server = FakeModelManagerServer.start();
        server.addToken(TOKEN, DOMAIN);
        server.putModel(DOMAIN, "iris", "iris", "ONNX", "Iris classifier", IRIS);
        server.putModel(DOMAIN, "fraud", "fraud", "H2O", "Fraud detector", FRAUD);
        return server;
    }

    /** @return {@code url} and {@code token} of the installation for servers 2.4.0 and later */
    static Map<String, Object> connection(FakeModelManagerServer server) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", server.url(FakeModelManagerServer.LATEST).toString());
        config.put("token", TOKEN);
        return config;
    }
}
