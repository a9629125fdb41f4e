package io.tango.toolkit.spi;

import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.TangoFactory;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A factory whose type name, description and options are declared once, in its constructor (as Flink's factories
 * declare their identifier and options), so that a plugin's factory only says how it builds its component.
 *
 * <p>A factory of a kind extends this class and implements the kind's factory interface:
 * <pre>{@code
 * public final class ScoringFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
 *     public ScoringFinderFactory() {
 *         super("SCORING", "Finds models of a scoring API by keys scoring:<name>", ScoringOptions.connection());
 *     }
 *
 *     @Override
 *     protected ModelFinder build(TangoConfig config, String instanceName) {
 *         return new ScoringModelFinder(ScoringOptions.transport(config));
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #create(TangoConfig, String)} is final: it rejects null arguments and calls {@link #build}. A composite
 * factory that resolves other instances overrides {@link TangoFactory#create(TangoConfig, String,
 * io.tango.api.spi.FactoryContext)}, whose default calls {@link #create(TangoConfig, String)}.
 *
 * <p>Instances are immutable and thread-safe as long as the subclass is (a factory must be stateless anyway).
 *
 * @param <T> the kind of component created
 */
public abstract class DeclaredFactory<T extends TangoComponent> implements TangoFactory<T> {
    private final String type;
    private final String description;
    private final List<ConfigOption<?>> options;

    /**
     * @param type the type name configs select this factory with ({@code LOCAL}, {@code mlflow}, …)
     * @param description one sentence saying what this type is
     * @param options the options this type's config accepts, in the order help texts list them; copied
     * @throws NullPointerException if an argument or an option is null
     */
    protected DeclaredFactory(String type, String description, List<? extends ConfigOption<?>> options) {
        this.type = requireNonNull(type, "type is null");
        this.description = requireNonNull(description, "description is null");
        this.options = List.copyOf(requireNonNull(options, "options is null"));
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String description() {
        return description;
    }

    /** @return the declared options, unmodifiable */
    @Override
    public final List<ConfigOption<?>> options() {
        return options;
    }

    /**
     * Checks the arguments and calls {@link #build}.
     *
     * @throws NullPointerException if {@code config} or {@code instanceName} is null
     * @throws io.tango.api.InvalidConfigException as {@link #build} throws it
     */
    @Override
    public final T create(TangoConfig config, String instanceName) {
        requireNonNull(config, "config is null");
        requireNonNull(instanceName, "instanceName is null");
        return build(config, instanceName);
    }

    /**
     * Builds a component from config; called by {@link #create(TangoConfig, String)} with non-null arguments.
     *
     * @param config the instance's validated config, declared defaults filled in
     * @param instanceName the instance's name in config
     * @return the component; the runtime closes it when it closes
     * @throws io.tango.api.InvalidConfigException if the values are well-typed but unusable, naming each offending
     *     key's path
     */
    protected abstract T build(TangoConfig config, String instanceName);
}
