package io.tango.plugin.devo;

import java.util.List;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.toolkit.spi.DeclaredFactory;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoDeploymentClient}s: deployment target {@code devo}. Stateless. */
public final class DevoDeploymentClientFactory extends DeclaredFactory<DeploymentClient>
        implements DeploymentClientFactory {
    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoDeploymentClientFactory() {
        this(ProfileReader.system());
    }

    DevoDeploymentClientFactory(ProfileReader profiles) {
        super(DevoDeploymentClient.TARGET,
                "Adds models to Devo's ML Model Manager, where Devo's query engine evaluates them",
                DevoSettings.options());
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    @Override
    protected DeploymentClient build(TangoConfig config, String instanceName) {
        return new DevoDeploymentClient(instanceName, DevoSettings.from(config, true).connect(profiles));
    }
}
