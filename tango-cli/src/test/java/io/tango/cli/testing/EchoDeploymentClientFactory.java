package io.tango.cli.testing;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.api.spi.DeploymentClientFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Properties;

/**
 * Deployment target {@code echo}: deployments recorded in {@code directory}, predictions echo the inputs, config keys
 * {@code replicas} and {@code env_manager} (as MLflow's) only; no explanations.
 */
public final class EchoDeploymentClientFactory implements DeploymentClientFactory {
    private static final ConfigOption<String> DIRECTORY = ConfigOption.string("directory").asRequired()
            .withDescription("Where deployments are recorded");

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public String description() {
        return "Deployments for tests, recorded in a folder";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(DIRECTORY,
                ConfigOption.enumOf("mode", "fast", "safe").withDefault("safe").withDescription("How records are written"),
                ConfigOption.string("token").asSecret().withDefault("echo-default-token-7f3a")
                        .withDescription("Token of the echo service"),
                ConfigOption.string("note").withDefault(""));
    }

    @Override
    public DeploymentClient create(TangoConfig config, String instanceName) {
        return new EchoDeploymentClient(new Records(Path.of(config.get(DIRECTORY))));
    }

    private static final class EchoDeploymentClient implements DeploymentClient {
        private final Records records;
        private final Map<String, Deployment> deployments = new LinkedHashMap<>();

        EchoDeploymentClient(Records records) {
            this.records = records;
            for (Properties record : records.readAll()) {
                Map<String, String> config = new LinkedHashMap<>();
                record.stringPropertyNames().stream().filter(key -> key.startsWith("config.")).sorted()
                        .forEach(key -> config.put(key.substring("config.".length()), record.getProperty(key)));
                String name = record.getProperty("name");
                deployments.put(name, new Deployment(name, "echo", record.getProperty("model_uri"),
                        Optional.ofNullable(record.getProperty("flavor")), DeploymentState.READY, Optional.empty(), config));
            }
        }

        private void save(Deployment deployment) {
            Properties record = new Properties();
            record.setProperty("name", deployment.name());
            record.setProperty("model_uri", deployment.modelUri());
            deployment.flavor().ifPresent(flavor -> record.setProperty("flavor", flavor));
            deployment.details().forEach((key, value) -> record.setProperty("config." + key, value));
            records.write(deployment.name(), record);
            deployments.put(deployment.name(), deployment);
        }

        @Override
        public String target() {
            return "echo";
        }

        @Override
        public synchronized Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
            check(config);
            if (deployments.containsKey(name)) {
                throw new DeploymentAlreadyExistsException("deployment '" + name + "' already exists on target 'echo'");
            }
            Deployment deployment = new Deployment(name, "echo", modelUri, flavor, DeploymentState.READY, Optional.empty(), config);
            save(deployment);
            return deployment;
        }

        @Override
        public synchronized Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
            check(config);
            Deployment current = getDeployment(name);
            Deployment updated = new Deployment(name, "echo", modelUri.orElse(current.modelUri()),
                    modelUri.isPresent() ? flavor : current.flavor(), DeploymentState.READY, Optional.empty(), config);
            save(updated);
            return updated;
        }

        @Override
        public synchronized void deleteDeployment(String name, Map<String, String> config) {
            deployments.remove(name);
            records.delete(name);
        }

        @Override
        public synchronized Deployment getDeployment(String name) {
            Deployment deployment = deployments.get(name);
            if (deployment == null) {
                throw new DeploymentNotFoundException("deployment '" + name + "' does not exist on target 'echo'");
            }
            return deployment;
        }

        @Override
        public synchronized List<Deployment> listDeployments() {
            List<Deployment> list = new ArrayList<>(deployments.values());
            list.sort(Comparator.comparing(Deployment::name));
            return list;
        }

        @Override
        public TangoResponse predict(String deploymentName, TangoRequest inputs) {
            getDeployment(deploymentName);
            return EchoModel.echo(inputs);
        }

        @Override
        public String targetHelp() {
            return "Target 'echo': deployments for tests, recorded in a folder.\nConfig: replicas=N, env_manager=NAME";
        }

        private static void check(Map<String, String> config) {
            for (String key : config.keySet()) {
                if (!key.equals("replicas") && !key.equals("env_manager")) {
                    throw new InvalidRequestException("unknown config key '" + key + "' for target 'echo'; keys: [env_manager, replicas]");
                }
            }
        }
    }
}
