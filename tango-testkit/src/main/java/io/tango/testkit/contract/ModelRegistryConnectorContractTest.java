package io.tango.testkit.contract;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of a {@link ModelRegistryConnector}: metadata, downloads inside the folder, single resources. */
public abstract class ModelRegistryConnectorContractTest {

    /** @return the connector under test */
    protected abstract ModelRegistryConnector connector();

    /** @return a key the registry holds */
    protected abstract ModelKey existingKey();

    /** @return a key in the registry's own form for a model it does not hold */
    protected abstract ModelKey missingKey();

    /** @return the path of a text file inside the existing model's artifact */
    protected abstract String resourcePath();

    @Test
    void readsNativeMetadata() {
        assertThat(connector().nativeMetadata(existingKey())).isNotEmpty();
    }

    @Test
    void rejectsMetadataOfAMissingModel() {
        assertThatThrownBy(() -> connector().nativeMetadata(missingKey())).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void downloadsIntoTheFolder(@TempDir Path folder) {
        ModelDescriptor descriptor = connector().downloadModel(existingKey(), folder);
        Path artifact = descriptor.artifactPath().orElseThrow();
        assertThat(artifact.toAbsolutePath().normalize()).startsWith(folder.toAbsolutePath().normalize());
        assertThat(Files.exists(artifact)).isTrue();
    }

    @Test
    void rejectsDownloadingAMissingModel(@TempDir Path folder) {
        assertThatThrownBy(() -> connector().downloadModel(missingKey(), folder)).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void readsOneResourceAsText(@TempDir Path folder) {
        assertThat(connector().getResource(existingKey(), folder, resourcePath())).isNotEmpty();
    }

    @Test
    void rejectsAMissingResource(@TempDir Path folder) {
        assertThatThrownBy(() -> connector().getResource(existingKey(), folder, "no/such/resource.txt"))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void hasARegistryUrlWithoutCredentials() {
        assertThat(connector().registryUrl().getUserInfo()).isNull();
    }
}
