package io.tango.plugin.devo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any model key given to the Devo finder and registry is found, not found, or refused with a typed error; a download
 * never lands outside its folder. The finder resolves {@code devo://staging/...} through a profile file to a fake ML
 * Model Manager. 6,000 cases.
 */
class HostileDevoKeyPropertyTest {
    private static Path root;
    private static Path downloads;
    private static FakeModelManagerServer server;
    private static ModelFinder finder;
    private static ModelRegistryConnector registry;

    @BeforeContainer
    static void start() throws IOException {
        root = Files.createTempDirectory("tango-devo-keys-");
        server = DevoTestServer.start();
        String url = server.url(FakeModelManagerServer.LATEST).toString();
        downloads = Files.createDirectories(root.resolve("downloads"));
        Path profiles = Files.writeString(root.resolve("profiles.ini"), "[staging]\nurl = " + url + "\ntoken = "
                + DevoTestServer.TOKEN + "\ndownload_path = " + downloads + "\n");
        ProfileReader reader = new ProfileReader(Files.createDirectories(root.resolve("cwd")),
                Files.createDirectories(root.resolve("home")));
        Map<String, Object> finderConfig = new LinkedHashMap<>();
        finderConfig.put("profile_path", profiles.toString());
        finder = new DevoModelFinderFactory(reader).create(MapTangoConfig.of(finderConfig), "devo");
        Map<String, Object> registryConfig = new LinkedHashMap<>(DevoTestServer.connection(server));
        registryConfig.put("download_path", downloads.toString());
        registry = new DevoRegistryConnectorFactory(reader).create(MapTangoConfig.of(registryConfig), "devo");
    }

    @AfterContainer
    static void stop() throws IOException {
        finder.close();
        registry.close();
        server.close();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 3_000)
    void theFinderFindsAModelOrNothingOrFailsTyped(@ForAll("keys") String key) {
        try {
            Optional<ModelDescriptor> found = finder.find(ModelKey.of(key));
            found.ifPresent(descriptor -> {
                assertThat(descriptor.name()).isIn("iris", "fraud");
                assertThat(descriptor.artifactPath().orElseThrow().getParent()).isEqualTo(downloads);
            });
        } catch (TangoException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(DevoTestServer.TOKEN);
        }
        assertThat(root.toFile().list()).containsExactlyInAnyOrder("downloads", "profiles.ini", "cwd", "home");
    }

    @Property(tries = 3_000)
    void theRegistryDescribesAModelOrSaysItIsNotThere(@ForAll("keys") String key) {
        try {
            assertThat(registry.nativeMetadata(ModelKey.of(key))).containsKey("name");
        } catch (TangoException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(DevoTestServer.TOKEN);
        }
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("iris", "fraud", "missing", "..", "../iris", "%2e%2e", "a/b", "%", "%zz", "%C3%A9",
                        "iris?fast=False", "iris#x", " ", "%00", "\u0000"),
                Arbitraries.strings().withChars("a/%.:?#@ 2Ee").ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> authorities = Arbitraries.of("", "devo", "staging", "prod", "staging:1", "%73taging", "..");
        return Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(Arbitraries.of("devo://", "DEVO://", "devo:/", "devo:"), authorities,
                        Arbitraries.of("/", "//", ""), names).as((scheme, authority, slash, name) -> scheme + authority
                        + slash + name),
                names,
                Arbitraries.of("models:/iris/1", "file:///etc/passwd", "runs:/x/model", "C:\\models\\iris"));
    }
}
