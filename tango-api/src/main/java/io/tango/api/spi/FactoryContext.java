package io.tango.api.spi;

import io.tango.api.InvalidConfigException;
import io.tango.api.TangoComponent;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a factory may see of the runtime that creates its component: the named instances of every kind, as
 * configured. A composite component (the built-in {@code MULTI} finder, a third party's fallback or caching finder)
 * reaches the instances it names through it, with no privileged constructor.
 *
 * <p>Instances are created on first use and owned by the runtime: a component never closes what it got from here.
 * Resolve them lazily (when the component first needs one, not in {@code create}) so that configuring an instance
 * costs nothing until it is used; resolving one during {@code create} works too. An instance that needs itself,
 * directly or through others, fails with {@link InvalidConfigException} naming the cycle.
 *
 * <p>Implementations are thread-safe.
 */
public interface FactoryContext {

    /**
     * Returns a named instance of a kind, creating it on first use.
     *
     * @param kind the component interface of the kind, e.g. {@code ModelFinder.class}
     * @param instanceName the instance's name in config, e.g. {@code mlflow}
     * @param <C> the component interface
     * @return the instance; the runtime closes it when it closes
     * @throws InvalidConfigException if no instance of that name is configured (naming the configured ones), its
     *     config is unusable, or it needs itself
     * @throws IllegalArgumentException if {@code kind} is not a component kind's interface
     * @throws NullPointerException if an argument is null
     */
    <C extends TangoComponent> C component(Class<C> kind, String instanceName);

    /**
     * Returns the instance names usable for a kind: the configured ones, plus an implicit {@code default} where the
     * runtime provides one.
     *
     * @param kind the component interface of the kind
     * @return the names, in config order
     * @throws IllegalArgumentException if {@code kind} is not a component kind's interface
     * @throws NullPointerException if {@code kind} is null
     */
    Set<String> instanceNames(Class<? extends TangoComponent> kind);

    /**
     * A context with no instances, for a factory called outside a runtime (a plugin's unit test, a tool that only
     * lists types).
     *
     * @return a context in which every {@link #component} call fails with {@link InvalidConfigException}
     */
    static FactoryContext none() {
        return NoInstances.INSTANCE;
    }

    /** The context of {@link #none()}. */
    enum NoInstances implements FactoryContext {
        INSTANCE;

        @Override
        public <C extends TangoComponent> C component(Class<C> kind, String instanceName) {
            requireNonNull(kind, "kind is null");
            requireNonNull(instanceName, "instanceName is null");
            throw new InvalidConfigException(instanceName, "no " + kind.getSimpleName() + " named '" + instanceName
                    + "' can be reached: this component was created outside a TANGO runtime");
        }

        @Override
        public Set<String> instanceNames(Class<? extends TangoComponent> kind) {
            requireNonNull(kind, "kind is null");
            return Set.of();
        }
    }
}
