package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rule for symbolic links and names in model folders: an artifact a folder names must be inside the folder, also
 * once links are followed; a link that stays inside is fine, one that leads out is refused saying where it leads; a
 * path straight to an {@code .onnx} file is the caller's choice and is followed.
 */
class ModelFolderLinkRuleTest {
    @TempDir
    Path root;

    private Path hostile;
    private Path secret;
    private LocalModelStore store;
    private LocalModelFinder finder;

    @BeforeEach
    void createHostileFolders() throws Exception {
        HostilePaths.create(root);
        hostile = root.resolve("hostile").toRealPath();
        secret = root.resolve("outside/secret.onnx").toRealPath();
        store = new LocalModelStore(root.resolve("store"));
        finder = new LocalModelFinder(store, "test");
    }

    @Test
    void refusesAStoreVersionWhoseArtifactIsALinkOutOfItsFolder() throws Exception {
        Path version = Files.createDirectories(store.modelsDirectory().resolve("evil/1"));
        Files.copy(hostile.resolve("store-version-linked").resolve(ModelManifest.FILE_NAME),
                version.resolve(ModelManifest.FILE_NAME));
        Files.createSymbolicLink(version.resolve("model.onnx"), secret);
        Path real = version.toRealPath();

        assertThatThrownBy(() -> finder.find(ModelKey.of("evil")))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("model 'evil' version '1' at " + version + " has its artifact " + version.resolve("model.onnx")
                        + " linked to " + secret + ", outside its folder " + real + "; refusing it: an artifact must be"
                        + " a file inside its model's folder, not a link out of it");
        assertThat(HostilePaths.outsideIsUntouched(root)).isTrue();
    }

    @Test
    void refusesAStoreVersionFolderGivenAsAPathWhoseArtifactLinksOut() {
        Path version = hostile.resolve("store-version-linked");
        assertThatThrownBy(() -> finder.find(ModelKey.of(version.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageContaining(" linked to " + secret + ", outside its folder " + version + ";");
    }

    @Test
    void refusesArtifactNamesThatLeaveTheFolder() {
        Path dotdot = hostile.resolve("store-version-dotdot");
        assertThatThrownBy(() -> finder.find(ModelKey.of(dotdot.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("model 'evil' version '1' at " + dotdot + " names its artifact '../../outside/secret.onnx',"
                        + " which is outside its folder " + dotdot + "; refusing it: an artifact must be a file inside"
                        + " its model's folder");
        Path absolute = hostile.resolve("store-version-absolute");
        assertThatThrownBy(() -> finder.find(ModelKey.of(absolute.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageContaining(" names its artifact '" + root.resolve("outside/secret.onnx") + "', which is outside");
    }

    @Test
    void refusesAnMlflowModelWhoseOnnxFileLinksOutOrLeavesByName() {
        Path linked = hostile.resolve("mlflow-linked");
        assertThatThrownBy(() -> finder.find(ModelKey.of(linked.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLflow model at " + linked + " has its artifact " + linked.resolve("model.onnx")
                        + " linked to " + secret + ", outside its folder " + linked + "; refusing it: an artifact must be"
                        + " a file inside its model's folder, not a link out of it");
        Path dotdot = hostile.resolve("mlflow-dotdot");
        assertThatThrownBy(() -> finder.find(ModelKey.of(dotdot.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessage("MLflow model at " + dotdot + " names its artifact '../../outside/secret.onnx', which is"
                        + " outside its folder " + dotdot + "; refusing it: an artifact must be a file inside its model's"
                        + " folder");
    }

    @Test
    void refusesAFolderWhoseOnlyOnnxFileLinksOut() {
        Path folder = hostile.resolve("folder-linked");
        assertThatThrownBy(() -> finder.find(ModelKey.of(folder.toString())))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageStartingWith("model folder " + folder + " has its artifact " + folder.resolve("only.onnx")
                        + " linked to " + secret);
    }

    @Test
    void refusesAnOnnxFileADescriptorNamesOutsideItsFolder() throws Exception {
        Path folder = Files.createDirectories(root.resolve("described"));
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("described"), "described", "onnx")
                .artifactPath(folder).metadata("onnx.file", "../outside/secret.onnx").build();
        assertThatThrownBy(() -> Fixtures.loader().load(descriptor))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageStartingWith("model 'described' at " + folder + " names its artifact '../outside/secret.onnx',"
                        + " which is outside its folder");
    }

    @Test
    void followsALinkThatStaysInsideTheFolder() throws Exception {
        Path folder = Files.createDirectories(root.resolve("inside"));
        Path real = Files.write(Files.createDirectories(folder.resolve("weights")).resolve("real.onnx"),
                Fixtures.linearOnnx(new float[] {2f}, 1f));
        Files.writeString(folder.resolve("MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\n");
        Files.createSymbolicLink(folder.resolve("model.onnx"), real);

        try (TangoModel<?, ?> model = Fixtures.loader().load(finder.find(ModelKey.of(folder.toString())).orElseThrow())) {
            Tensor y = (Tensor) model.predict(TangoRequest.of(Map.of("x", List.of(List.of(3.0))))).output("y").orElseThrow();
            assertThat(y.toFloatArray()).containsExactly(7f);
        }
    }

    @Test
    void neverCopiesALinkOutOfAStoreVersionWhenDownloading() throws Exception {
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        Path version = store.modelsDirectory().resolve("iris/1");
        Files.createSymbolicLink(version.resolve("notes.txt"), root.resolve("outside/marker"));
        LocalModelRegistryConnector registry = new LocalModelRegistryConnector(store, "test");
        Path downloads = root.resolve("downloads");

        assertThatThrownBy(() -> registry.downloadModel(ModelKey.of("iris/1"), downloads))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageStartingWith("model 'iris/1' has its artifact " + version.resolve("notes.txt") + " linked to "
                        + root.resolve("outside/marker").toRealPath() + ", outside its folder");
        assertThatThrownBy(() -> registry.getResource(ModelKey.of("iris/1"), downloads, "notes.txt"))
                .isExactlyInstanceOf(TangoException.class)
                .hasMessageStartingWith("model 'iris/1' has its artifact " + version.resolve("notes.txt") + " linked to ");
        try (java.util.stream.Stream<Path> files = Files.walk(downloads)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void followsAPathStraightToAnOnnxFileWhereverItLeads() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("chosen.onnx"), secret);
        ModelDescriptor descriptor = finder.find(ModelKey.of(link.toString())).orElseThrow();
        assertThat(descriptor.artifactPath()).contains(link);
        try (TangoModel<?, ?> model = Fixtures.loader().load(descriptor)) {
            assertThat(model.descriptor().name()).isEqualTo("chosen");
        }
    }
}
