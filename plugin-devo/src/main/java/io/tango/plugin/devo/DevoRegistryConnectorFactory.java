package io.tango.plugin.devo;

import java.util.List;
import java.util.Set;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.toolkit.spi.DeclaredFactory;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoRegistryConnector}s: type {@code DEVO}. Stateless. */
public final class DevoRegistryConnectorFactory extends DeclaredFactory<ModelRegistryConnector>
        implements ModelRegistryConnectorFactory {
    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoRegistryConnectorFactory() {
        this(ProfileReader.system());
    }

    DevoRegistryConnectorFactory(ProfileReader profiles) {
        super("DEVO",
                "Devo's ML Model Manager as a registry: model records, and model files downloaded (ONNX runs locally)",
                DevoSettings.options());
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    @Override
    protected ModelRegistryConnector build(TangoConfig config, String instanceName) {
        DevoSettings settings = DevoSettings.from(config, true);
        return new DevoRegistryConnector(instanceName, settings.profile().map(Set::of).orElse(Set.of()),
                settings.connect(profiles));
    }
}
