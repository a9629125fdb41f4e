package io.tango.plugin.local;

import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelDraft;
import io.tango.plugin.local.store.StoredModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalModelStoreTest {
    @TempDir
    Path root;

    private static ModelDraft writeArtifact(Path directory, String content) throws IOException {
        Files.writeString(directory.resolve("model.onnx"), content);
        return new ModelDraft("onnx", "model.onnx", ModelSignature.UNKNOWN, Map.of("k", "v"));
    }

    @Test
    void numbersVersionsAndFindsTheLatest() {
        LocalModelStore store = new LocalModelStore(root);
        store.save("m", Optional.empty(), directory -> writeArtifact(directory, "one"), () -> true);
        store.save("m", Optional.empty(), directory -> writeArtifact(directory, "two"), () -> true);

        assertThat(store.versions("m")).extracting(model -> model.manifest().version()).containsExactly("1", "2");
        StoredModel latest = store.find("m", Optional.empty()).orElseThrow();
        assertThat(latest.manifest().version()).isEqualTo("2");
        assertThat(latest.directory()).isEqualTo(root.resolve("models/m/2"));
        assertThat(latest.manifest().metadata()).containsEntry("k", "v");
        assertThat(store.modelNames()).containsExactly("m");
    }

    @Test
    void ordersNumericVersionsByValue() {
        LocalModelStore store = new LocalModelStore(root);
        store.save("m", Optional.of("9"), directory -> writeArtifact(directory, "nine"), () -> true);
        store.save("m", Optional.of("10"), directory -> writeArtifact(directory, "ten"), () -> true);

        assertThat(store.find("m", Optional.empty()).orElseThrow().manifest().version()).isEqualTo("10");
    }

    @Test
    void refusesToOverwriteAnExplicitVersion() throws IOException {
        LocalModelStore store = new LocalModelStore(root);
        store.save("m", Optional.of("1"), directory -> writeArtifact(directory, "original"), () -> true);

        assertThatThrownBy(() -> store.save("m", Optional.of("1"), directory -> writeArtifact(directory, "other"), () -> true))
                .isInstanceOf(ModelAlreadyExistsException.class)
                .hasMessage("model 'm' version '1' already exists in the local store at " + root
                        + "; save under another version or leave the version out");
        assertThat(Files.readString(root.resolve("models/m/1/model.onnx"))).isEqualTo("original");
    }

    @Test
    void publishesNothingWhenTheSaveIsAbandoned() {
        LocalModelStore store = new LocalModelStore(root);

        assertThatThrownBy(() -> store.save("m", Optional.empty(), directory -> writeArtifact(directory, "x"), () -> false))
                .isInstanceOf(CancellationException.class);
        assertThat(store.versions("m")).isEmpty();
        assertThat(entries(root.resolve("models/m"))).isEmpty();
    }

    @Test
    void publishesNothingWhenTheWriterFails() {
        LocalModelStore store = new LocalModelStore(root);

        assertThatThrownBy(() -> store.save("m", Optional.empty(), directory -> {
            Files.writeString(directory.resolve("model.onnx"), "half");
            throw new IOException("disk full");
        }, () -> true))
                .isInstanceOf(TangoException.class)
                .hasMessage("cannot write to " + root.resolve("models/m") + " (disk full)");
        assertThat(entries(root.resolve("models/m"))).isEmpty();
    }

    @Test
    void reportsAStoreThatCannotBeWritten() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-folder"), "x");
        LocalModelStore store = new LocalModelStore(file);

        assertThatThrownBy(() -> store.save("m", Optional.empty(), directory -> writeArtifact(directory, "x"), () -> true))
                .isInstanceOf(TangoException.class)
                .hasMessageStartingWith("cannot write to " + file.resolve("models/m") + " (");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void rejectsANameThatIsNotAFolderName() {
        LocalModelStore store = new LocalModelStore(root);

        assertThatThrownBy(() -> store.save("../escape", Optional.empty(), directory -> writeArtifact(directory, "x"), () -> true))
                .isInstanceOf(io.tango.api.InvalidRequestException.class)
                .hasMessage("model name '../escape' is invalid: use 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                        + " letter or digit");
    }

    @Test
    void reportsACorruptDescriptorNamingTheFile() throws IOException {
        LocalModelStore store = new LocalModelStore(root);
        store.save("m", Optional.empty(), directory -> writeArtifact(directory, "x"), () -> true);
        Path descriptor = root.resolve("models/m/1/tango-model.json");
        Files.writeString(descriptor, "{\"format_version\": 1, \"name\": \"m\"");

        assertThatThrownBy(() -> store.find("m", Optional.of("1")))
                .isInstanceOf(TangoException.class)
                .hasMessageStartingWith("model descriptor " + descriptor + " is corrupt: ");
    }

    @Test
    void findsNothingInAnEmptyOrMissingStore() {
        LocalModelStore store = new LocalModelStore(root.resolve("missing"));

        assertThat(store.find("m", Optional.empty())).isEmpty();
        assertThat(store.modelNames()).isEmpty();
    }

    @Test
    void deletesAVersionWithoutTouchingOthers() {
        LocalModelStore store = new LocalModelStore(root);
        store.save("m", Optional.empty(), directory -> writeArtifact(directory, "one"), () -> true);
        store.save("m", Optional.empty(), directory -> writeArtifact(directory, "two"), () -> true);

        store.delete("m", "2");

        assertThat(store.versions("m")).extracting(model -> model.manifest().version()).containsExactly("1");
        assertThat(entries(root.resolve("models/m"))).containsExactly("1");
    }

    private static java.util.List<String> entries(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
