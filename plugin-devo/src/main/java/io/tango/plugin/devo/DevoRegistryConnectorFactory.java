package io.tango.plugin.devo;

import java.util.List;
import java.util.Set;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.devo.client.ProfileReader;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoRegistryConnector}s: type {@code DEVO}. Stateless. */
public final class DevoRegistryConnectorFactory implements ModelRegistryConnectorFactory {
    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoRegistryConnectorFactory() {
        this(ProfileReader.system());
    }

    DevoRegistryConnectorFactory(ProfileReader profiles) {
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    @Override
    public String type() {
        return "DEVO";
    }

    @Override
    public String description() {
        return "Devo's ML Model Manager as a registry: model records, and model files downloaded (ONNX runs locally)";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return DevoSettings.options();
    }

    @Override
    public ModelRegistryConnector create(TangoConfig config, String instanceName) {
        requireNonNull(config, "config is null");
        requireNonNull(instanceName, "instanceName is null");
        DevoSettings settings = DevoSettings.from(config, true);
        return new DevoRegistryConnector(instanceName, settings.profile().map(Set::of).orElse(Set.of()),
                settings.connect(profiles));
    }
}
