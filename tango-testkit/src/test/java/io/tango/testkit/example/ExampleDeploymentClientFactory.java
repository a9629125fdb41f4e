package io.tango.testkit.example;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.api.spi.DeploymentClientFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Deploys scale models in memory: target {@code example}. */
public final class ExampleDeploymentClientFactory implements DeploymentClientFactory {
    @Override
    public String type() {
        return "example";
    }

    @Override
    public String description() {
        return "Deploys the example plugin's scale models in memory";
    }

    @Override
    public DeploymentClient create(TangoConfig config, String instanceName) {
        Map<String, Deployment> deployments = new ConcurrentHashMap<>();
        return new DeploymentClient() {
            @Override
            public String target() {
                return "example";
            }

            private Deployment deployment(String name, String modelUri) {
                if (!ExampleFinderFactory.FACTORS.containsKey(modelUri)) {
                    throw new ModelNotFoundException("no example model '" + modelUri + "'");
                }
                return new Deployment(name, target(), modelUri, Optional.empty(), DeploymentState.READY, Optional.empty(), Map.of());
            }

            private void rejectConfig(Map<String, String> config) {
                if (!config.isEmpty()) {
                    throw new InvalidRequestException("target example takes no config keys, got " + config.keySet());
                }
            }

            @Override
            public Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
                rejectConfig(config);
                Deployment created = deployment(name, modelUri);
                if (deployments.putIfAbsent(name, created) != null) {
                    throw new DeploymentAlreadyExistsException("deployment '" + name + "' exists on target example");
                }
                return created;
            }

            @Override
            public Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
                rejectConfig(config);
                Deployment current = getDeployment(name);
                Deployment updated = deployment(name, modelUri.orElse(current.modelUri()));
                deployments.put(name, updated);
                return updated;
            }

            @Override
            public void deleteDeployment(String name, Map<String, String> config) {
                deployments.remove(name);
            }

            @Override
            public Deployment getDeployment(String name) {
                Deployment deployment = deployments.get(name);
                if (deployment == null) {
                    throw new DeploymentNotFoundException("no deployment '" + name + "' on target example");
                }
                return deployment;
            }

            @Override
            public List<Deployment> listDeployments() {
                return deployments.values().stream().sorted(Comparator.comparing(Deployment::name)).toList();
            }

            @Override
            public TangoResponse predict(String deploymentName, TangoRequest inputs) {
                String model = getDeployment(deploymentName).modelUri();
                return new ScaleModel(ModelDescriptor.builder(ModelKey.of(model), model, ScaleModel.FORMAT)
                        .metadata("factor", ExampleFinderFactory.FACTORS.get(model)).build()).predict(inputs);
            }

            @Override
            public String targetHelp() {
                return "Target example: deploys 'double' or 'triple' in memory. Target URI: example. No config keys.";
            }
        };
    }
}
