package io.tango.plugin.local.server;

import io.tango.api.TangoRequest;

import static java.util.Objects.requireNonNull;

/**
 * A parsed {@code /invocations} body.
 *
 * @param request the TANGO request
 * @param format the form it came in
 */
public record ScoringRequest(TangoRequest request, ScoringFormat format) {
    public ScoringRequest {
        requireNonNull(request, "request is null");
        requireNonNull(format, "format is null");
    }
}
