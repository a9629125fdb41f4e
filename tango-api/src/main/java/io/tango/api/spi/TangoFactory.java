package io.tango.api.spi;

import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;

import java.util.List;

/**
 * Creates components of one kind and one type from config (caikit's factory-constructible: a config object and an
 * instance name; Flink's factory: an identifier and declared options).
 *
 * <p>A plugin provides one factory per (kind, type), registered in its jar's {@code META-INF/services} under the
 * kind's factory interface (e.g. {@code io.tango.api.spi.ModelFinderFactory}); the runtime finds it with
 * {@link java.util.ServiceLoader}. Factories must be cheap to construct (public no-argument constructor, no I/O, no
 * threads): all work belongs in {@link #create}. They must be stateless and thread-safe.
 *
 * <p>Before calling {@link #create}, the runtime checks the instance's config against {@link #options()}: unknown
 * keys, missing required options and values of the wrong type are all reported at once, with their paths.
 *
 * @param <T> the kind of component created
 */
public interface TangoFactory<T extends TangoComponent> {

    /**
     * The type name configs select this factory with ({@code type: LOCAL}). Unique per kind; matched
     * case-insensitively; by convention upper case for model-management kinds ({@code LOCAL}, {@code MULTI}) and lower
     * case for deployment targets ({@code local}, {@code mlflow}), as in caikit and MLflow.
     *
     * @return the type name
     */
    String type();

    /** @return one sentence saying what this type is, for {@code tango plugins} and help texts */
    default String description() {
        return "";
    }

    /**
     * @return the options this type's config accepts, with their types, defaults and ranges; any other key is
     *     rejected. Components read them with {@link io.tango.api.config.TangoConfig#get(ConfigOption)}.
     */
    default List<ConfigOption<?>> options() {
        return List.of();
    }

    /**
     * Creates a component.
     *
     * @param config the instance's validated config, declared defaults filled in
     * @param instanceName the instance's name in config ({@code default}, …); job ids start with it
     * @return the component; the runtime closes it when it closes
     * @throws io.tango.api.InvalidConfigException if the values are well-typed but unusable (a folder that cannot be
     *     created, a negative thread count), naming each offending key's path
     */
    T create(TangoConfig config, String instanceName);

    /**
     * Creates a component that may use other configured instances. The runtime always calls this method; the
     * default ignores the context and calls {@link #create(TangoConfig, String)}, which is all most factories need.
     * A composite component (one that asks other finders, wraps another initializer, …) overrides it and resolves the
     * instances it names through {@code context}.
     *
     * @param config the instance's validated config, declared defaults filled in
     * @param instanceName the instance's name in config
     * @param context the runtime's named instances of every kind
     * @return the component; the runtime closes it when it closes
     * @throws io.tango.api.InvalidConfigException as {@link #create(TangoConfig, String)}
     */
    default T create(TangoConfig config, String instanceName, FactoryContext context) {
        return create(config, instanceName);
    }
}
