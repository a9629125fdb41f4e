package io.tango.api.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An endpoint of a target that has them (MLflow's endpoints: a layer above deployments, e.g. for traffic splitting).
 *
 * @param name the endpoint's name
 * @param details what the target reports about it, in order; never a secret
 */
public record Endpoint(String name, Map<String, String> details) {
    public Endpoint {
        requireNonNull(name, "name is null");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
    }
}
