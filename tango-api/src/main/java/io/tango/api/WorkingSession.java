package io.tango.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The context a request runs in (seed: {@code WorkingSession}): who asks and what they carry along — a session id,
 * a user, free-form attributes a model may use when mapping a request (a tenant, a locale, a correlation id).
 *
 * <p>Holds no secret: credentials belong to the component's config, never to a session.
 *
 * @param id the session's id; may be empty for anonymous calls
 * @param user the user on whose behalf the call is made, if known
 * @param attributes free-form attributes, immutable, in insertion order
 */
public record WorkingSession(String id, Optional<String> user, Map<String, String> attributes) {
    private static final WorkingSession NONE = new WorkingSession("", Optional.empty(), Map.of());

    public WorkingSession {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(attributes, "attributes is null")));
    }

    /** @return the anonymous session with no attributes */
    public static WorkingSession none() {
        return NONE;
    }

    /**
     * @param id the session's id
     * @return a session with that id and nothing else
     */
    public static WorkingSession of(String id) {
        return new WorkingSession(id, Optional.empty(), Map.of());
    }
}
