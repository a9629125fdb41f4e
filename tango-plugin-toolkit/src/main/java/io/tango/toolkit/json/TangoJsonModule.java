package io.tango.toolkit.json;

import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tango.api.Blob;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;

/**
 * The Jackson module for TANGO's value types, so a mapper writes and reads them wherever they appear (in maps, lists
 * or at the root), in the forms MLflow's scoring protocol uses:
 * <ul>
 *   <li>{@link Tensor}: nested arrays by shape, as {@link TensorJson} describes;</li>
 *   <li>{@link Blob}: base64 text; read back as {@code application/octet-stream};</li>
 *   <li>{@link TangoRequest}: {@code {"inputs": {…}, "params": {…}}}, and {@link TangoResponse}:
 *       {@code {"predictions": …}}, as {@link TangoMessageJson} describes.</li>
 * </ul>
 * A JSON {@code null} reads as a Java {@code null} for all four; a value out of place is a
 * {@link com.fasterxml.jackson.databind.exc.MismatchedInputException} whose original message is the reader's.
 * Register it once when building a mapper; the module holds no state.
 */
public final class TangoJsonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** A module with the serializers and deserializers of all four types. */
    public TangoJsonModule() {
        super("TangoJsonModule");
        addSerializer(JsonAdapters.serializer(Tensor.class, TensorJson::write));
        addDeserializer(Tensor.class, JsonAdapters.deserializer(Tensor.class, TensorJson::read));
        addSerializer(JsonAdapters.serializer(Blob.class, (blob, generator, provider) -> BlobJson.write(blob, generator)));
        addDeserializer(Blob.class, JsonAdapters.deserializer(Blob.class, BlobJson::read));
        addSerializer(JsonAdapters.serializer(TangoRequest.class, TangoMessageJson::write));
        addDeserializer(TangoRequest.class, JsonAdapters.deserializer(TangoRequest.class, TangoMessageJson::request));
        addSerializer(JsonAdapters.serializer(TangoResponse.class, TangoMessageJson::write));
        addDeserializer(TangoResponse.class, JsonAdapters.deserializer(TangoResponse.class, TangoMessageJson::response));
    }
}
