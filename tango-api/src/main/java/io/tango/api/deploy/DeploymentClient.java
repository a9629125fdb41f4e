package io.tango.api.deploy;

import io.tango.api.TangoComponent;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys models to one target (MLflow's {@code BaseDeploymentClient}, with typed results and errors).
 *
 * <p>The deployment verbs are required; explanations, endpoints and running locally are optional and by default throw
 * {@link UnsupportedTangoOperationException}. Create and update block until the deployment serves. Thread-safe.
 */
public interface DeploymentClient extends TangoComponent {

    /** @return the target's name, e.g. {@code local}, {@code mlflow}, {@code devo} */
    String target();

    /**
     * Deploys a model, blocking until the deployment can serve.
     *
     * @param name the deployment's unique name
     * @param modelUri the model to deploy (a model key)
     * @param flavor the flavor to serve it with; empty to let the target choose
     * @param config target-specific settings (see {@link #targetHelp()}); unknown keys are rejected
     * @return the deployment
     * @throws io.tango.api.DeploymentAlreadyExistsException if a deployment of that name exists
     * @throws io.tango.api.ModelNotFoundException if the model cannot be found
     * @throws io.tango.api.InvalidRequestException if a config key is unknown or a value invalid
     */
    Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config);

    /**
     * Changes a deployment's model, flavor or settings, blocking until it serves again. A target that can should start
     * the new version before stopping the old one.
     *
     * @param name the deployment's name
     * @param modelUri the new model, or empty to keep the current one
     * @param flavor the new flavor (requires {@code modelUri}), or empty
     * @param config settings to change
     * @return the deployment after the update
     * @throws io.tango.api.DeploymentNotFoundException if there is no such deployment
     * @throws io.tango.api.InvalidRequestException if a flavor is given without a model URI, or a config key is bad
     */
    Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config);

    /**
     * Removes a deployment. Idempotent: deleting a deployment that does not exist is not an error.
     *
     * @param name the deployment's name
     * @param config target-specific settings
     * @throws UnsupportedTangoOperationException if the target cannot remove deployments at all (saying why)
     */
    void deleteDeployment(String name, Map<String, String> config);

    /**
     * @param name the deployment's name
     * @return the deployment
     * @throws io.tango.api.DeploymentNotFoundException if there is no such deployment
     */
    Deployment getDeployment(String name);

    /** @return every deployment on the target, ordered by name */
    List<Deployment> listDeployments();

    /**
     * @param deploymentName the deployment to ask
     * @param inputs the request, as for {@link io.tango.api.TangoModel#predict(TangoRequest)}
     * @return the predictions
     * @throws io.tango.api.DeploymentNotFoundException if there is no such deployment
     * @throws io.tango.api.InvalidRequestException if the inputs do not match the model
     */
    TangoResponse predict(String deploymentName, TangoRequest inputs);

    /**
     * @param deploymentName the deployment to ask
     * @param inputs the request to explain
     * @return the explanations
     * @throws UnsupportedTangoOperationException by default
     */
    default TangoResponse explain(String deploymentName, TangoRequest inputs) {
        throw unsupported("explain");
    }

    /**
     * @return how to use this target: its URI form and config keys, for {@code deployments help -t <target>}
     */
    String targetHelp();

    /**
     * Serves a model in the foreground until the calling thread is interrupted.
     *
     * @param name a name for the local deployment
     * @param modelUri the model to serve
     * @param flavor the flavor, or empty
     * @param config target-specific settings
     * @throws UnsupportedTangoOperationException by default
     */
    default void runLocal(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        throw unsupported("run-local");
    }

    /** @throws UnsupportedTangoOperationException by default */
    default Endpoint createEndpoint(String name, Map<String, String> config) {
        throw unsupported("create-endpoint");
    }

    /** @throws UnsupportedTangoOperationException by default */
    default Endpoint updateEndpoint(String endpoint, Map<String, String> config) {
        throw unsupported("update-endpoint");
    }

    /** @throws UnsupportedTangoOperationException by default */
    default void deleteEndpoint(String endpoint) {
        throw unsupported("delete-endpoint");
    }

    /** @throws UnsupportedTangoOperationException by default */
    default List<Endpoint> listEndpoints() {
        throw unsupported("list-endpoints");
    }

    /** @throws UnsupportedTangoOperationException by default */
    default Endpoint getEndpoint(String endpoint) {
        throw unsupported("get-endpoint");
    }

    private UnsupportedTangoOperationException unsupported(String operation) {
        return new UnsupportedTangoOperationException(
                "deployment target '" + target() + "' does not support " + operation);
    }
}
