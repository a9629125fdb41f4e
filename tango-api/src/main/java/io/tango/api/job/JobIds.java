package io.tango.api.job;

import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Job ids carry their owner: {@code <instance>:<local id>}, so the runtime routes any id to the trainer or predictor
 * instance that made it (caikit hashes the owner with a cipher; a readable prefix serves the same end).
 */
public final class JobIds {
    /** Separates the owning instance's name from the local id. */
    public static final char SEPARATOR = ':';

    private JobIds() {}

    /**
     * @param instanceName the owning component instance's name (must not contain {@value #SEPARATOR})
     * @return a new id {@code <instanceName>:<random UUID>}
     */
    public static String newId(String instanceName) {
        return of(instanceName, UUID.randomUUID().toString());
    }

    /**
     * @param instanceName the owning instance's name (must not contain {@value #SEPARATOR})
     * @param localId the id within that instance, e.g. an external training id
     * @return {@code <instanceName>:<localId>}
     */
    public static String of(String instanceName, String localId) {
        requireNonNull(instanceName, "instanceName is null");
        requireNonNull(localId, "localId is null");
        if (instanceName.isEmpty() || instanceName.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("instance name '" + instanceName + "' must be non-empty and have no ':'");
        }
        if (localId.isEmpty()) {
            throw new IllegalArgumentException("local id is empty");
        }
        return instanceName + SEPARATOR + localId;
    }

    /**
     * @param jobId a job id
     * @return the owning instance's name, or empty if the id has no owner prefix
     */
    public static Optional<String> owner(String jobId) {
        requireNonNull(jobId, "jobId is null");
        int separator = jobId.indexOf(SEPARATOR);
        return separator > 0 ? Optional.of(jobId.substring(0, separator)) : Optional.empty();
    }
}
