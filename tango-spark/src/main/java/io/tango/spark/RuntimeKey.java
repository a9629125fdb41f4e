package io.tango.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * Which executor runtime a spec uses: the SHA-256 of its configuration text and the plugin directory it resolved to.
 * Two specs with the same text and directory share one runtime (and its loaded models).
 *
 * @param configSha256 the hex SHA-256 of the configuration text
 * @param pluginDirectory the resolved plugin directory, or the empty string to scan the class path
 */
record RuntimeKey(String configSha256, String pluginDirectory) {
    RuntimeKey {
        requireNonNull(configSha256, "configSha256 is null");
        requireNonNull(pluginDirectory, "pluginDirectory is null");
    }

    /**
     * @param configYaml the configuration text
     * @param pluginDirectory the resolved plugin directory, or null
     * @return the key
     */
    static RuntimeKey of(String configYaml, Path pluginDirectory) {
        requireNonNull(configYaml, "configYaml is null");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(configYaml.getBytes(StandardCharsets.UTF_8));
            return new RuntimeKey(HexFormat.of().formatHex(digest),
                    pluginDirectory == null ? "" : pluginDirectory.toAbsolutePath().normalize().toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The key's text for logs: the digest's first characters and the directory, never the configuration. */
    @Override
    public String toString() {
        return "config " + configSha256.substring(0, 12) + (pluginDirectory.isEmpty() ? ", class path" : ", plugins " + pluginDirectory);
    }
}
