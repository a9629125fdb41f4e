package io.tango.spark;

import io.tango.runtime.config.ConfigDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A spec is text and names only: it survives Java serialization as it is, and refuses what cannot work. */
class ScoringSpecTest {
    private static final String CONFIG = "model_management: {finders: {default: {type: LOCAL}}}";

    @TempDir
    Path folder;

    @Test
    void hasTheDocumentedDefaults() {
        ScoringSpec spec = ScoringSpec.builder().configYaml(CONFIG).modelKey("iris").build();

        assertThat(spec).isEqualTo(new ScoringSpec(CONFIG, "iris", "default", "default", List.of(), null, null, 256,
                OutputLayout.STRUCT, "prediction", ErrorMode.FAIL));
    }

    @Test
    void survivesJavaSerializationUnchanged() throws IOException, ClassNotFoundException {
        ScoringSpec spec = ScoringSpec.builder().configYaml(CONFIG).modelKey("models:/iris@champion")
                .inputColumns(List.of("a", "b")).pluginArchive("tango-plugins").batchSize(7)
                .outputLayout(OutputLayout.COLUMNS).errorMode(ErrorMode.NULL_WITH_ERROR_COLUMN).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }

        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(spec);
        }
    }

    @Test
    void turnsAConfigMapIntoTextThatReadsBackTheSame() {
        Map<String, Object> config = Map.of("model_management", Map.of("finders", Map.of("default",
                Map.of("type", "LOCAL", "config", Map.of("root", "/models", "threads", 2)))));

        ScoringSpec spec = ScoringSpec.builder().config(config).modelKey("iris").build();

        assertThat(ConfigDocument.parseYaml(spec.configYaml()).root()).isEqualTo(config);
    }

    @Test
    void readsAConfigFileOnTheDriver() throws IOException {
        Path file = Files.writeString(folder.resolve("tango.yaml"), CONFIG);

        assertThat(ScoringSpec.builder().configFile(file).modelKey("iris").build().configYaml()).isEqualTo(CONFIG);
    }

    @Test
    void needsAConfigAndAModelKey() {
        assertThatThrownBy(() -> ScoringSpec.builder().modelKey("iris").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no TANGO config: call configYaml, configFile or config");
        assertThatThrownBy(() -> ScoringSpec.builder().configYaml(CONFIG).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no model key: call modelKey");
    }

    @Test
    void refusesABatchSizeBelowOne() {
        assertThatThrownBy(() -> ScoringSpec.builder().configYaml(CONFIG).modelKey("iris").batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize is 0: give 1 or more rows per request");
    }

    @Test
    void refusesBothAPluginDirectoryAndAnArchive() {
        assertThatThrownBy(() -> ScoringSpec.builder().configYaml(CONFIG).modelKey("iris").pluginDirectory("/opt/plugins")
                .pluginArchive("tango-plugins").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("both pluginDirectory '/opt/plugins' and pluginArchive 'tango-plugins' are set: give one (a path"
                        + " present on every node, or the fragment of spark.archives)");
    }
}
