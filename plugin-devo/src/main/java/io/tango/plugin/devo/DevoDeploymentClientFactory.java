package io.tango.plugin.devo;

import java.util.List;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.plugin.devo.client.ProfileReader;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoDeploymentClient}s: deployment target {@code devo}. Stateless. */
public final class DevoDeploymentClientFactory implements DeploymentClientFactory {
    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoDeploymentClientFactory() {
        this(ProfileReader.system());
    }

    DevoDeploymentClientFactory(ProfileReader profiles) {
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    @Override
    public String type() {
        return DevoDeploymentClient.TARGET;
    }

    @Override
    public String description() {
        return "Adds models to Devo's ML Model Manager, where Devo's query engine evaluates them";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return DevoSettings.options();
    }

    @Override
    public DeploymentClient create(TangoConfig config, String instanceName) {
        requireNonNull(config, "config is null");
        requireNonNull(instanceName, "instanceName is null");
        return new DevoDeploymentClient(instanceName, DevoSettings.from(config, true).connect(profiles));
    }
}
