package io.tango.plugin.devo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelSignature;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.plugin.devo.client.TokenException;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code devo://<profile or instance>/<name>} keys: which server they reach, and what the descriptor says. */
class DevoModelFinderTest {
    @TempDir
    static Path root;

    private static FakeModelManagerServer server;
    private static Path profiles;
    private static Path downloads;
    private static ProfileReader reader;

    @BeforeAll
    static void start() throws Exception {
        server = DevoTestServer.start();
        String url = server.url(FakeModelManagerServer.LATEST).toString();
        downloads = Files.createDirectories(root.resolve("downloads"));
        profiles = Files.writeString(root.resolve("profiles.ini"), "[staging]\nurl = " + url + "\ntoken = "
                + DevoTestServer.TOKEN + "\ndownload_path = " + downloads + "\n\n[expired]\nurl = " + url
                + "\ntoken = expired\n");
        reader = new ProfileReader(Files.createDirectories(root.resolve("cwd")),
                Files.createDirectories(root.resolve("home")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ModelFinder finder(Map<String, Object> config) {
        return new DevoModelFinderFactory(reader).create(MapTangoConfig.of(config), "devo");
    }

    private static Map<String, Object> profilesOnly() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("profile_path", profiles.toString());
        return config;
    }

    @Test
    void resolvesTheAuthorityAsAProfileAndDescribesAnOnnxModelForPluginLocal() {
        try (ModelFinder finder = finder(profilesOnly())) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("devo://staging/iris")).orElseThrow();
            assertThat(descriptor.key()).isEqualTo(ModelKey.of("devo://staging/iris"));
            assertThat(descriptor.name()).isEqualTo("iris");
            assertThat(descriptor.format()).isEqualTo("onnx");
            assertThat(descriptor.artifactPath()).contains(downloads.resolve("iris.onnx"));
            assertThat(downloads.resolve("iris.onnx")).hasBinaryContent(DevoTestServer.IRIS);
            assertThat(descriptor.signature()).isEqualTo(ModelSignature.UNKNOWN);
            assertThat(descriptor.origin()).isEqualTo("finder devo");
            assertThat(descriptor.metadata()).containsEntry("devo.engine", "ONNX")
                    .containsEntry("devo.description", "Iris classifier")
                    .containsEntry("devo.fields", "input:float4")
                    .containsEntry("devo.file", "iris.onnx")
                    .containsEntry("devo.url", server.url(FakeModelManagerServer.LATEST).toString());
        }
    }

    @Test
    void describesOtherEnginesAsDevoFormats() {
        try (ModelFinder finder = finder(profilesOnly())) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("devo://staging/fraud")).orElseThrow();
            assertThat(descriptor.format()).isEqualTo("devo-h2o");
            assertThat(descriptor.artifactPath()).contains(downloads.resolve("fraud.zip"));
        }
    }

    @Test
    void resolvesItsOwnInstanceNameAndAnEmptyAuthorityToItsConnection() {
        Map<String, Object> config = DevoTestServer.connection(server);
        config.put("download_path", downloads.toString());
        config.put("resolve_profiles", false);
        try (ModelFinder finder = finder(config)) {
            assertThat(finder.find(ModelKey.of("devo://devo/iris"))).isPresent();
            assertThat(finder.find(ModelKey.of("devo:///iris"))).isPresent();
            assertThat(finder.find(ModelKey.of("devo://staging/iris"))).isEmpty();
        }
    }

    @Test
    void answersEmptyForAnUnknownProfileAMissingModelOrAKeyWithoutName() {
        try (ModelFinder finder = finder(profilesOnly())) {
            assertThat(finder.find(ModelKey.of("devo://nowhere/iris"))).isEmpty();
            assertThat(finder.find(ModelKey.of("devo://staging/nothing"))).isEmpty();
            assertThat(finder.find(ModelKey.of("devo://staging/"))).isEmpty();
            assertThat(finder.find(ModelKey.of("devo:///iris"))).isEmpty();
            assertThat(finder.find(ModelKey.of("iris"))).isEmpty();
        }
    }

    @Test
    void failsWhenTheServerRefusesTheProfilesToken() {
        try (ModelFinder finder = finder(profilesOnly())) {
            assertThatThrownBy(() -> finder.find(ModelKey.of("devo://expired/iris")))
                    .isExactlyInstanceOf(TokenException.class);
        }
    }

    @Test
    void decodesPercentEncodedNames() throws Exception {
        server.putModel(DevoTestServer.DOMAIN, "my model", "my model", "ONNX", null, DevoTestServer.IRIS);
        try (ModelFinder finder = finder(profilesOnly())) {
            assertThat(finder.find(ModelKey.of("devo://staging/my%20model")).orElseThrow().name())
                    .isEqualTo("my model");
        }
    }
}
