package io.tango.plugin.deepaas;

import io.tango.api.Blob;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The native request of a {@link DeepaasModel}: what is sent to {@code POST .../predict/}.
 *
 * @param body the arguments as {@code multipart/form-data} (a body a DEEPAAS {@link io.tango.api.ModelServerProxy}
 *     can send as it is)
 * @param accept the {@code Accept} header, when the caller asked for a content type; without it DEEPaaS answers in
 *     the model's first declared type
 */
public record DeepaasPredictRequest(Blob body, Optional<String> accept) {
    public DeepaasPredictRequest {
        requireNonNull(body, "body is null");
        requireNonNull(accept, "accept is null");
    }
}
