package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.RetrySettings;

import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.plugin.mlflow.testing.StubMlflowServer;
import io.tango.plugin.mlflow.testing.StubMlflowServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listings a real MLflow never sends (a malicious or broken server), symbolic links planted in the download folder,
 * and the size cap: nothing is ever written outside the download folder, and the typed error says why.
 */
class ArtifactDownloaderTest {
    private static final String LIST = "/api/2.0/mlflow-artifacts/artifacts";

    private final StubMlflowServer stub = new StubMlflowServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private ArtifactDownloader downloader(long maxBytes) {
        return new ArtifactDownloader(new MlflowTrackingClient(MlflowConnection.of(stub.uri()).withRetry(RetrySettings.NONE)), maxBytes);
    }

    private static void assertEmpty(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAParentSegmentAndWritesNothing(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, "{\"files\": [{\"path\": \"../escape.txt\", \"is_dir\": false, \"file_size\": 3}]}"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("1/models/m-x/artifacts", folder.resolve("model")))
                .isInstanceOf(RemoteServiceException.class)
                .hasMessage("MLflow at " + stub.uri() + " failed: listed an artifact named '../escape.txt' in "
                        + "'1/models/m-x/artifacts' that would be written outside the download folder; refusing to "
                        + "download it");
        assertEmpty(folder);
        assertThat(folder.resolveSibling("escape.txt")).doesNotExist();
    }

    @Test
    void refusesAnAbsolutePath(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, "{\"files\": [{\"path\": \"/etc/passwd\", \"is_dir\": false}]}"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("listed an artifact named '/etc/passwd'");
        assertEmpty(folder);
    }

    @Test
    void stopsAtTheSizeCapAndLeavesNothing(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, "{\"files\": [{\"path\": \"big.bin\", \"is_dir\": false, \"file_size\": 64}]}"));
        stub.answer(LIST + "/m/big.bin", Answer.json(200, "x".repeat(64)));

        assertThatThrownBy(() -> downloader(10).downloadFolder("m", folder.resolve("model")))
                .isInstanceOf(TangoException.class)
                .hasMessage("download of 'm/big.bin' from MLflow at " + stub.uri()
                        + " is over the size cap of 10 bytes (option max_download_size)");
        assertEmpty(folder);
    }

    private static String listing(String... names) {
        StringBuilder json = new StringBuilder("{\"files\": [");
        for (int i = 0; i < names.length; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"path\": \"").append(names[i])
                    .append("\", \"is_dir\": false, \"file_size\": 3}");
        }
        return json.append("]}").toString();
    }

    private String refusal(String name, String folder) {
        return "MLflow at " + stub.uri() + " failed: listed an artifact named '" + name + "' in '" + folder
                + "' that would be written outside the download folder; refusing to download it";
    }

    @Test
    void refusesANameWithANulByteShowingItEscaped(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("model.onnx\\u0000.txt")));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(refusal("model.onnx\\u0000.txt", "m"));
        assertEmpty(folder);
    }

    @Test
    void refusesANameWithBackslashes(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("..\\\\..\\\\escape.txt")));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(refusal("..\\..\\escape.txt", "m"));
        assertEmpty(folder);
    }

    @Test
    void refusesAWindowsDrivePath(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("C:escape.txt")));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(refusal("C:escape.txt", "m"));
        assertEmpty(folder);
    }

    @Test
    void refusesAParentSegmentInTheMiddleOfANameAfterWritingNothing(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("ok.txt", "sub/../../escape.txt")));
        stub.answer(LIST + "/m/ok.txt", Answer.json(200, "abc"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(refusal("sub/../../escape.txt", "m"));
        assertEmpty(folder);
        assertThat(folder.resolveSibling("escape.txt")).doesNotExist();
    }

    @Test
    void refusesAParentSegmentListedInASubFolder(@TempDir Path folder) throws Exception {
        stub.answer(LIST,
                Answer.json(200, "{\"files\": [{\"path\": \"sub\", \"is_dir\": true}]}"),
                Answer.json(200, listing("../../escape.txt")));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(refusal("../../escape.txt", "m/sub"));
        assertEmpty(folder);
    }

    @Test
    void refusesAnArtifactListedTwice(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("a.txt", "a.txt")));
        stub.answer(LIST + "/m/a.txt", Answer.json(200, "abc"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage("MLflow at " + stub.uri() + " failed: listed the artifact 'm/a.txt' twice; refusing to "
                        + "download it");
        assertEmpty(folder);
    }

    @Test
    void refusesFoldersNestedWithoutEnd(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, "{\"files\": [{\"path\": \"a\", \"is_dir\": true}]}"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage("MLflow at " + stub.uri() + " failed: listed folders nested more than "
                        + ArtifactDownloader.MAX_DEPTH + " deep at 'm" + "/a".repeat(ArtifactDownloader.MAX_DEPTH + 1)
                        + "'; refusing to download them");
        assertEmpty(folder);
    }

    @Test
    void refusesATargetThatIsASymbolicLinkAndWritesNothingWhereItPoints(@TempDir Path root) throws Exception {
        Path folder = Files.createDirectories(root.resolve("downloads"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path target = Files.createSymbolicLink(folder.resolve("model"), outside);
        stub.answer(LIST, Answer.json(200, listing("evil.txt")));
        stub.answer(LIST + "/m/evil.txt", Answer.json(200, "abc"));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", target))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("cannot download 'm' into " + target + ": " + target + " is a symbolic link, which could "
                        + "point outside the download folder; remove it");
        assertEmpty(outside);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void refusesATargetWhoseParentIsASymbolicLink(@TempDir Path root) throws Exception {
        Path folder = Files.createDirectories(root.resolve("downloads"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path parent = Files.createSymbolicLink(folder.resolve("iris"), outside);
        stub.answer(LIST, Answer.json(200, listing("evil.txt")));

        assertThatThrownBy(() -> downloader(1000).downloadFolder("m", parent.resolve("1")))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("cannot download 'm' into " + parent.resolve("1") + ": " + parent + " is a symbolic link, "
                        + "which could point outside the download folder; remove it");
        assertEmpty(outside);
    }

    @Test
    void stopsAtTheSizeCapSummedOverAllFiles(@TempDir Path folder) throws Exception {
        stub.answer(LIST, Answer.json(200, listing("a.bin", "b.bin")));
        stub.answer(LIST + "/m/a.bin", Answer.json(200, "x".repeat(6)));
        stub.answer(LIST + "/m/b.bin", Answer.json(200, "y".repeat(6)));

        assertThatThrownBy(() -> downloader(10).downloadFolder("m", folder.resolve("model")))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("download of 'm/b.bin' from MLflow at " + stub.uri()
                        + " is over the size cap of 10 bytes (option max_download_size)");
        assertEmpty(folder);
    }

    @Test
    void stopsReadingOneFileAtTheSizeCap() {
        stub.answer(LIST + "/m/MLmodel", Answer.json(200, "z".repeat(64)));

        assertThatThrownBy(() -> downloader(10).readText("m/MLmodel"))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("download of 'm/MLmodel' from MLflow at " + stub.uri()
                        + " is over the size cap of 10 bytes (option max_download_size)");
    }
}
