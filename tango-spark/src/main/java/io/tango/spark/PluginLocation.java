package io.tango.spark;

import io.tango.api.InvalidConfigException;
import org.apache.spark.SparkFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a spec's plugins are on this node: a directory present on every node, or an archive Spark unpacked. */
final class PluginLocation {
    private PluginLocation() {}

    /**
     * @param spec the spec
     * @return the plugin directory on this node, or null to look for plugins on the class path
     * @throws InvalidConfigException if the directory does not exist here, saying how to ship it
     */
    static Path resolve(ScoringSpec spec) {
        if (spec.pluginDirectory() != null) {
            Path directory = Path.of(spec.pluginDirectory());
            if (!Files.isDirectory(directory)) {
                throw new InvalidConfigException("pluginDirectory", "plugin directory '" + spec.pluginDirectory()
                        + "' does not exist on this node: make it present on every node (the driver included), or zip it"
                        + " and ship it with spark.archives=plugins.zip#tango-plugins and"
                        + " ScoringSpec.pluginArchive(\"tango-plugins\")");
            }
            return directory;
        }
        if (spec.pluginArchive() != null) {
            Path directory = Path.of(SparkFiles.get(spec.pluginArchive()));
            if (!Files.isDirectory(directory)) {
                throw new InvalidConfigException("pluginArchive", "plugin archive '" + spec.pluginArchive()
                        + "' is not unpacked on this node (" + directory + " does not exist): ship it with"
                        + " spark.archives=plugins.zip#" + spec.pluginArchive() + " (or spark-submit --archives plugins.zip#"
                        + spec.pluginArchive() + ")");
            }
            return directory;
        }
        return null;
    }
}
