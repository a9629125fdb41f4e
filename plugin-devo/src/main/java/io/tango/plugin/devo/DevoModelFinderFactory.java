package io.tango.plugin.devo;

import java.util.ArrayList;
import java.util.List;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.devo.client.ProfileReader;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoModelFinder}s: type {@code DEVO}. Stateless. */
public final class DevoModelFinderFactory implements ModelFinderFactory {
    static final ConfigOption<Boolean> RESOLVE_PROFILES = ConfigOption.bool("resolve_profiles")
            .withDefault(true)
            .withDescription("Whether devo://<profile>/<name> keys use the profiles of modelmanager.ini");

    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoModelFinderFactory() {
        this(ProfileReader.system());
    }

    DevoModelFinderFactory(ProfileReader profiles) {
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    @Override
    public String type() {
        return "DEVO";
    }

    @Override
    public String description() {
        return "Finds devo://<profile or instance>/<name> models in Devo's ML Model Manager and downloads their file";
    }

    @Override
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>(DevoSettings.options());
        options.add(RESOLVE_PROFILES);
        return List.copyOf(options);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        requireNonNull(config, "config is null");
        requireNonNull(instanceName, "instanceName is null");
        return new DevoModelFinder(instanceName, DevoSettings.from(config, false), profiles,
                config.get(RESOLVE_PROFILES));
    }
}
