package io.tango.plugin.local.server;

import io.tango.toolkit.oip.OipStatus;

/** The OIP error kind the server answers for an error, REST and gRPC alike: the toolkit's table, plus not-ready. */
final class OipErrors {
    private OipErrors() {}

    /**
     * @param error what handling a call threw
     * @return {@link OipStatus#UNAVAILABLE} for a {@link ModelNotReadyException}, else {@link OipStatus#of(Throwable)}
     */
    static OipStatus status(Throwable error) {
        return error instanceof ModelNotReadyException ? OipStatus.UNAVAILABLE : OipStatus.of(error);
    }
}
