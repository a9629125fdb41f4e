package io.tango.plugin.oip;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.toolkit.oip.OipModelMetadata;

/**
 * Turns an OIP server's model metadata into a descriptor of format {@value #FORMAT}: name, the version asked for, the
 * server as endpoint, the signature with every input and output (TANGO types per
 * {@link io.tango.toolkit.oip.OipDatatype}, shapes with {@code -1} kept), and metadata {@value #MODEL},
 * {@value #VERSION}, {@value #VERSIONS}, {@value #PLATFORM} and {@value #TRANSPORT}. Stateless.
 */
public final class OipDescriber {
    /** The descriptor format of models served over OIP. */
    public static final String FORMAT = "oip";
    /** Descriptor metadata: the model's name on its server (the one its paths use). */
    public static final String MODEL = "oip.model";
    /** Descriptor metadata: the version asked for, when one was. */
    public static final String VERSION = "oip.version";
    /** Descriptor metadata: the versions the server names, comma-separated, when it names any. */
    public static final String VERSIONS = "oip.versions";
    /** Descriptor metadata: the server's {@code platform}, when it gives one. */
    public static final String PLATFORM = "oip.platform";
    /** Descriptor metadata: {@code rest} or {@code grpc}. */
    public static final String TRANSPORT = "oip.transport";

    private OipDescriber() {}

    /**
     * @param key the key the model was found by
     * @param ref the model and its server
     * @param metadata the model's metadata
     * @param origin who describes it, e.g. {@code finder oip}
     * @return the descriptor
     */
    public static ModelDescriptor describe(ModelKey key, OipModelRef ref, OipModelMetadata metadata, String origin) {
        String name = metadata.name().isBlank() ? ref.model() : metadata.name();
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, name, FORMAT)
                .endpoint(ref.server())
                .signature(metadata.signature())
                .origin(origin)
                .metadata(MODEL, ref.model());
        ref.version().ifPresent(version -> builder.version(version).metadata(VERSION, version));
        if (!metadata.versions().isEmpty()) {
            builder.metadata(VERSIONS, String.join(",", metadata.versions()));
        }
        if (!metadata.platform().isBlank()) {
            builder.metadata(PLATFORM, metadata.platform());
        }
        builder.metadata(TRANSPORT, ref.isGrpc() ? "grpc" : "rest");
        return builder.build();
    }
}
