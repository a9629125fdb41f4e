package io.tango.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.InvalidConfigException;
import io.tango.runtime.TangoRuntime;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What to score and how: a TANGO configuration (as text), a model key, and how rows become requests and outputs
 * become columns. It holds text and names only, so Spark ships it to executors as it is; each executor builds its own
 * runtime from it.
 *
 * @param configYaml the TANGO configuration, YAML or JSON text
 * @param modelKey the model's key, any finder's: a local store path, {@code models:/name@alias}, {@code devo://…}
 * @param finder the finder's instance name (default {@value TangoRuntime#DEFAULT})
 * @param initializer the initializer's instance name (default {@value TangoRuntime#DEFAULT})
 * @param inputColumns the dataset columns that feed the model's inputs, in the signature's input order; empty means
 *     the signature's input names
 * @param pluginDirectory a plugin directory present on every node, or null
 * @param pluginArchive the fragment of {@code spark.archives=plugins.zip#fragment}, resolved on each node with
 *     {@code SparkFiles.get}, or null; with neither, plugins are looked for on the class path
 * @param batchSize rows per request to the model (default 256)
 * @param outputLayout one struct column, or one column per output
 * @param outputColumn the struct column's name (default {@code prediction})
 * @param errorMode fail the job on a row that cannot be scored, or null outputs plus {@value ErrorColumn#NAME}
 */
public record ScoringSpec(
        String configYaml,
        String modelKey,
        String finder,
        String initializer,
        List<String> inputColumns,
        String pluginDirectory,
        String pluginArchive,
        int batchSize,
        OutputLayout outputLayout,
        String outputColumn,
        ErrorMode errorMode) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default rows per request. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** The default name of the struct column. */
    public static final String DEFAULT_OUTPUT_COLUMN = "prediction";

    /**
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException if the batch size is below 1, or both a plugin directory and archive are given
     */
    public ScoringSpec {
        requireNonNull(configYaml, "configYaml is null");
        requireNonNull(modelKey, "modelKey is null");
        requireNonNull(finder, "finder is null");
        requireNonNull(initializer, "initializer is null");
        inputColumns = List.copyOf(requireNonNull(inputColumns, "inputColumns is null"));
        requireNonNull(outputLayout, "outputLayout is null");
        requireNonNull(outputColumn, "outputColumn is null");
        requireNonNull(errorMode, "errorMode is null");
        if (modelKey.isBlank()) {
            throw new IllegalArgumentException("modelKey is blank: give a model key, e.g. a local store path or models:/name@alias");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize is " + batchSize + ": give 1 or more rows per request");
        }
        if (pluginDirectory != null && pluginArchive != null) {
            throw new IllegalArgumentException("both pluginDirectory '" + pluginDirectory + "' and pluginArchive '"
                    + pluginArchive + "' are set: give one (a path present on every node, or the fragment of spark.archives)");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ScoringSpec}; not thread-safe. */
    public static final class Builder {
        private String configYaml;
        private String modelKey;
        private String finder = TangoRuntime.DEFAULT;
        private String initializer = TangoRuntime.DEFAULT;
        private List<String> inputColumns = List.of();
        private String pluginDirectory;
        private String pluginArchive;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private OutputLayout outputLayout = OutputLayout.STRUCT;
        private String outputColumn = DEFAULT_OUTPUT_COLUMN;
        private ErrorMode errorMode = ErrorMode.FAIL;

        private Builder() {}

        /** Uses a configuration given as YAML (or JSON) text. */
        public Builder configYaml(String yaml) {
            this.configYaml = requireNonNull(yaml, "yaml is null");
            return this;
        }

        /**
         * Reads a configuration file now (on the driver) into text; executors never read the file.
         *
         * @throws UncheckedIOException if the file cannot be read
         */
        public Builder configFile(Path file) {
            requireNonNull(file, "file is null");
            try {
                return configYaml(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read TANGO config file " + file + ": " + e.getMessage(), e);
            }
        }

        /**
         * Uses a configuration given as plain maps (caikit's schema), turned into JSON text now.
         *
         * @throws InvalidConfigException if the map holds values that are not plain data
         */
        public Builder config(Map<String, ?> config) {
            requireNonNull(config, "config is null");
            try {
                return configYaml(new ObjectMapper().writeValueAsString(config));
            } catch (JsonProcessingException e) {
                throw new InvalidConfigException("", "the TANGO config map is not plain data (maps, lists, strings, numbers,"
                        + " booleans): " + e.getOriginalMessage());
            }
        }

        /** Sets the model's key, any finder's. */
        public Builder modelKey(String key) {
            this.modelKey = requireNonNull(key, "key is null");
            return this;
        }

        /** Sets the finder's instance name (default {@value TangoRuntime#DEFAULT}). */
        public Builder finder(String name) {
            this.finder = requireNonNull(name, "name is null");
            return this;
        }

        /** Sets the initializer's instance name (default {@value TangoRuntime#DEFAULT}). */
        public Builder initializer(String name) {
            this.initializer = requireNonNull(name, "name is null");
            return this;
        }

        /** Names the columns that feed the model's inputs, in the signature's input order (default: the input names). */
        public Builder inputColumns(List<String> columns) {
            this.inputColumns = List.copyOf(requireNonNull(columns, "columns is null"));
            return this;
        }

        /** Loads plugins from a directory present on every node, the driver included. */
        public Builder pluginDirectory(String path) {
            this.pluginDirectory = requireNonNull(path, "path is null");
            return this;
        }

        /** Loads plugins from an archive shipped with {@code spark.archives=plugins.zip#fragment}. */
        public Builder pluginArchive(String fragment) {
            this.pluginArchive = requireNonNull(fragment, "fragment is null");
            return this;
        }

        /** Sets the rows per request (default {@value ScoringSpec#DEFAULT_BATCH_SIZE}). */
        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        /** Sets where outputs go (default {@link OutputLayout#STRUCT}). */
        public Builder outputLayout(OutputLayout layout) {
            this.outputLayout = requireNonNull(layout, "layout is null");
            return this;
        }

        /** Sets the struct column's name (default {@value ScoringSpec#DEFAULT_OUTPUT_COLUMN}). */
        public Builder outputColumn(String name) {
            this.outputColumn = requireNonNull(name, "name is null");
            return this;
        }

        /** Sets what happens to a row that cannot be scored (default {@link ErrorMode#FAIL}). */
        public Builder errorMode(ErrorMode mode) {
            this.errorMode = requireNonNull(mode, "mode is null");
            return this;
        }

        /**
         * @return the spec
         * @throws IllegalStateException if no configuration or no model key was given
         */
        public ScoringSpec build() {
            if (configYaml == null) {
                throw new IllegalStateException("no TANGO config: call configYaml, configFile or config");
            }
            if (modelKey == null) {
                throw new IllegalStateException("no model key: call modelKey");
            }
            return new ScoringSpec(configYaml, modelKey, finder, initializer, inputColumns, pluginDirectory, pluginArchive,
                    batchSize, outputLayout, outputColumn, errorMode);
        }
    }
}
