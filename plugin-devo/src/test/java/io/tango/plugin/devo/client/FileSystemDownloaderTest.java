package io.tango.plugin.devo.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file-system downloader: where it writes, how, and what it refuses. */
class FileSystemDownloaderTest {
    private static final byte[] CONTENT = "model bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private static Map<String, Object> model(String name, String engine, byte[] content) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("id", 1);
        image.put("image", Base64.getEncoder().encodeToString(content));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", name);
        model.put("engine", engine);
        model.put("image", image);
        return model;
    }

    @Test
    void writesNamePlusTheEnginesExtension() {
        Path folder = root.resolve("models");
        Path file = new FileSystemDownloader(folder).download(model("churn", "ONNX", CONTENT));
        assertThat(file).isEqualTo(folder.resolve("churn.onnx"));
        assertThat(file).hasBinaryContent(CONTENT);
    }

    @Test
    void looksTheExtensionUpCaseInsensitively() {
        assertThat(new FileSystemDownloader(root).download(model("m", "h2o", CONTENT))).isEqualTo(root.resolve("m.zip"));
        assertThat(new FileSystemDownloader(root).download(model("c", "CatBoost", CONTENT)))
                .isEqualTo(root.resolve("c.cmb"));
    }

    @Test
    void writesNoExtensionForAnUnknownEngineOrOneWithout() {
        assertThat(new FileSystemDownloader(root).download(model("stats", "MLSTATS", CONTENT)))
                .isEqualTo(root.resolve("stats"));
        assertThat(new FileSystemDownloader(root).download(model("future", "QUANTUM", CONTENT)))
                .isEqualTo(root.resolve("future"));
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        FileSystemDownloader downloader = new FileSystemDownloader(root);
        Files.writeString(root.resolve("churn.onnx"), "old");
        downloader.download(model("churn", "ONNX", CONTENT));
        assertThat(root.resolve("churn.onnx")).hasBinaryContent(CONTENT);
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).containsExactly(root.resolve("churn.onnx"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodesBase64WithLineBreaksLikePython() {
        String wrapped = Base64.getMimeEncoder(4, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(CONTENT);
        Map<String, Object> model = model("m", "ONNX", CONTENT);
        ((Map<String, Object>) model.get("image")).put("image", wrapped);
        assertThat(new FileSystemDownloader(root).download(model)).hasBinaryContent(CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a/../../b", ".", "..", "a/b", "..\\x", "C:\\x", "x\u0000y", "line\nbreak"})
    void neverWritesOutsideItsFolder(String hostile) throws Exception {
        Path folder = Files.createDirectories(root.resolve("downloads"));
        assertThatThrownBy(() -> new FileSystemDownloader(folder).download(model(hostile, "ONNX", CONTENT)))
                .isExactlyInstanceOf(UnsafeModelFileNameException.class)
                .hasMessageStartingWith("Refusing to write the file of model '" + hostile + "' as '")
                .hasMessageEndingWith("': it is not a plain file name inside the download folder " + folder);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void rejectsAnEmptyNameAsAnInvalidModel() {
        assertThatThrownBy(() -> new FileSystemDownloader(root).download(model("", "ONNX", CONTENT)))
                .isExactlyInstanceOf(ModelDownloadException.class)
                .hasMessage("Invalid model: a model to download needs a name and an engine");
    }

    @Test
    void rejectsAModelWithoutEngine() {
        Map<String, Object> model = model("m", "ONNX", CONTENT);
        model.remove("engine");
        assertThatThrownBy(() -> new FileSystemDownloader(root).download(model))
                .isExactlyInstanceOf(ModelDownloadException.class)
                .hasMessage("Invalid model: a model to download needs a name and an engine");
    }

    @Test
    void rejectsAModelWithoutFileContent() {
        Map<String, Object> model = model("m", "ONNX", CONTENT);
        model.put("image", Map.of("id", 1, "size", 3));
        assertThatThrownBy(() -> new FileSystemDownloader(root).download(model))
                .isExactlyInstanceOf(ModelDownloadException.class)
                .hasMessage("Invalid image: the record of model 'm' has no file content (image.image)");
    }

    @Test
    void rejectsContentThatIsNotBase64() {
        Map<String, Object> model = model("m", "ONNX", CONTENT);
        model.put("image", Map.of("image", "a"));
        assertThatThrownBy(() -> new FileSystemDownloader(root).download(model))
                .isExactlyInstanceOf(ModelDownloadException.class)
                .hasMessage("Invalid image: the file content of model 'm' is not base64");
    }

    @Test
    void refusesAFileOverItsCapAndWritesNothing() throws Exception {
        Path folder = Files.createDirectories(root.resolve("capped"));
        assertThatThrownBy(() -> new FileSystemDownloader(folder, 1024).download(model("big", "ONNX", new byte[1025])))
                .isExactlyInstanceOf(ModelDownloadException.class)
                .hasMessage("Refusing to write the file of model 'big': it is 1025 bytes, over the cap of 1024 bytes"
                        + " (max_download_size); nothing was written to " + folder);
        assertThat(folder).isEmptyDirectory();
        assertThat(new FileSystemDownloader(folder, 1024).download(model("fits", "ONNX", new byte[1024])))
                .hasSize(1024);
    }

    @Test
    void defaultsToTheCurrentDirectory() {
        assertThat(FileSystemDownloader.inCurrentDirectory().folder()).isEqualTo(Path.of("").toAbsolutePath());
    }
}
