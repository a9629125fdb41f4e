package io.tango.plugin.mlflow.client;

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

/** Listings a real MLflow never sends (a malicious or broken server), and the size cap. */
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
}
