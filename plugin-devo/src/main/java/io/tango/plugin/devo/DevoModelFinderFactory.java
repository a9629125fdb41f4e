package io.tango.plugin.devo;

import java.util.ArrayList;
import java.util.List;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.toolkit.spi.DeclaredFactory;

import static java.util.Objects.requireNonNull;

/** Creates {@link DevoModelFinder}s: type {@code DEVO}. Stateless. */
public final class DevoModelFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    static final ConfigOption<Boolean> RESOLVE_PROFILES = ConfigOption.bool("resolve_profiles")
            .withDefault(true)
            .withDescription("Whether devo://<profile>/<name> keys use the profiles of modelmanager.ini");

    private final ProfileReader profiles;

    /** A factory reading profiles from the JVM's current and home directories. */
    public DevoModelFinderFactory() {
        this(ProfileReader.system());
    }

    DevoModelFinderFactory(ProfileReader profiles) {
        super("DEVO",
                "Finds devo://<profile or instance>/<name> models in Devo's ML Model Manager and downloads their file",
                declaredOptions());
        this.profiles = requireNonNull(profiles, "profiles is null");
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(DevoSettings.options());
        options.add(RESOLVE_PROFILES);
        return List.copyOf(options);
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        return new DevoModelFinder(instanceName, DevoSettings.from(config, false), profiles,
                config.get(RESOLVE_PROFILES));
    }
}
