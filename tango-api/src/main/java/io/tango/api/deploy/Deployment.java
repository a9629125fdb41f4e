package io.tango.api.deploy;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model deployed on a target (MLflow's deployment dict, typed). Immutable.
 *
 * @param name the deployment's unique name on its target
 * @param target the target's name, e.g. {@code local}, {@code mlflow}, {@code devo}
 * @param modelUri the model it serves, as given at creation or last update; a target that does not record where a
 *     model came from gives its own key for the model instead
 * @param flavor the flavor it serves the model with, when the target has flavors
 * @param state whether it serves
 * @param url where it serves, when it serves over HTTP
 * @param details anything else the target reports (port, process id, creation time), in order; never a secret
 */
public record Deployment(
        String name,
        String target,
        String modelUri,
        Optional<String> flavor,
        DeploymentState state,
        Optional<URI> url,
        Map<String, String> details) {

    public Deployment {
        requireNonNull(name, "name is null");
        requireNonNull(target, "target is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(state, "state is null");
        requireNonNull(url, "url is null");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
    }
}
