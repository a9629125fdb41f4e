package io.tango.runtime.testing;

import io.tango.api.DeploymentNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A deployment target named {@code test} that knows no deployments. */
public final class TestDeploymentTargetFactory implements DeploymentClientFactory {
    @Override
    public String type() {
        return "test";
    }

    @Override
    public String description() {
        return "A target with no deployments";
    }

    @Override
    public DeploymentClient create(TangoConfig config, String instanceName) {
        return new DeploymentClient() {
            @Override
            public String target() {
                return instanceName;
            }

            @Override
            public Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
                throw new DeploymentNotFoundException(name);
            }

            @Override
            public Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
                throw new DeploymentNotFoundException(name);
            }

            @Override
            public void deleteDeployment(String name, Map<String, String> config) {}

            @Override
            public Deployment getDeployment(String name) {
                throw new DeploymentNotFoundException(name);
            }

            @Override
            public List<Deployment> listDeployments() {
                return List.of();
            }

            @Override
            public TangoResponse predict(String deploymentName, TangoRequest inputs) {
                throw new DeploymentNotFoundException(deploymentName);
            }

            @Override
            public String targetHelp() {
                return "test target";
            }
        };
    }
}
