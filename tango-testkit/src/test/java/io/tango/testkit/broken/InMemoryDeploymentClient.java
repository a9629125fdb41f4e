package io.tango.testkit.broken;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deployment target that meets the contract (deployments in memory, sorted by name; a deployment doubles its
 * input {@code x}); the broken examples each override one behaviour to break it.
 */
public class InMemoryDeploymentClient implements DeploymentClient {
    private static final Set<String> KNOWN_KEYS = Set.of("replicas");
    private final Map<String, Deployment> deployments = new TreeMap<>();

    @Override
    public String target() {
        return "memory";
    }

    @Override
    public synchronized Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        checkKeys(config);
        if (deployments.containsKey(name)) {
            throw new DeploymentAlreadyExistsException("deployment " + name + " exists");
        }
        Deployment deployment = new Deployment(name, target(), modelUri, flavor, DeploymentState.READY, Optional.empty(), Map.of());
        deployments.put(name, deployment);
        return deployment;
    }

    /**
     * @param config a deployment's config
     * @throws InvalidRequestException naming the first unknown key
     */
    protected void checkKeys(Map<String, String> config) {
        config.keySet().stream().filter(key -> !KNOWN_KEYS.contains(key)).findFirst().ifPresent(key -> {
            throw new InvalidRequestException("unknown deployment config key '" + key + "'; known keys: " + KNOWN_KEYS);
        });
    }

    @Override
    public synchronized Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
        checkKeys(config);
        Deployment old = getDeployment(name);
        Deployment updated = new Deployment(name, target(), modelUri.orElse(old.modelUri()), flavor.or(old::flavor),
                DeploymentState.READY, Optional.empty(), Map.of());
        deployments.put(name, updated);
        return updated;
    }

    @Override
    public synchronized void deleteDeployment(String name, Map<String, String> config) {
        deployments.remove(name);
    }

    @Override
    public synchronized Deployment getDeployment(String name) {
        Deployment deployment = deployments.get(name);
        if (deployment == null) {
            throw new DeploymentNotFoundException("no deployment " + name);
        }
        return deployment;
    }

    @Override
    public synchronized List<Deployment> listDeployments() {
        return List.copyOf(deployments.values());
    }

    @Override
    public TangoResponse predict(String deploymentName, TangoRequest inputs) {
        getDeployment(deploymentName);
        return TangoResponse.of(Map.of("y", 2 * ((Number) inputs.inputs().get("x")).doubleValue()));
    }

    @Override
    public String targetHelp() {
        return "memory: deployments in memory; config keys: " + KNOWN_KEYS;
    }
}
