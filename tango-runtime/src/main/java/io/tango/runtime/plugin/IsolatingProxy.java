package io.tango.runtime.plugin;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.TangoModel;
import io.tango.api.job.JobFuture;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Wraps an object a plugin made so that every call into it runs with the plugin's class loader as the thread's
 * context class loader (Trino's {@code ClassLoaderSafe…} wrappers, as one proxy). Models and futures it returns are
 * wrapped too, so calls into them are covered as well.
 *
 * <p>A class missing from the plugin's jars, met the first time its code runs, becomes a
 * {@link io.tango.api.PluginLoadException} naming the plugin, its folder and the class.
 *
 * <p>Only objects from isolated plugins are wrapped; class-path plugins already share the host's loader.
 */
public final class IsolatingProxy implements InvocationHandler {
    private final Object target;
    private final ClassLoader pluginLoader;

    private IsolatingProxy(Object target, ClassLoader pluginLoader) {
        this.target = target;
        this.pluginLoader = pluginLoader;
    }

    /**
     * @param type the API interface to expose
     * @param target the plugin's object
     * @param pluginLoader the plugin's class loader
     * @param <T> the interface
     * @return a proxy of {@code type} (and of {@link ExplainableTangoModel} when {@code target} is one)
     */
    public static <T> T wrap(Class<T> type, T target, ClassLoader pluginLoader) {
        requireNonNull(type, "type is null");
        requireNonNull(target, "target is null");
        requireNonNull(pluginLoader, "pluginLoader is null");
        if (Proxy.isProxyClass(target.getClass()) && Proxy.getInvocationHandler(target) instanceof IsolatingProxy) {
            return target;
        }
        Class<?>[] interfaces = target instanceof ExplainableTangoModel<?, ?> && TangoModel.class.isAssignableFrom(type)
                ? new Class<?>[] {ExplainableTangoModel.class}
                : new Class<?>[] {type};
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), interfaces, new IsolatingProxy(target, pluginLoader)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object result;
        try (ContextClassLoader ignored = ContextClassLoader.set(pluginLoader)) {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable error = e.getCause();
            PluginClassLoader.throwIfMissingClass(pluginLoader, error);
            throw error;
        }
        return wrapResult(method.getReturnType(), result);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object wrapResult(Class<?> returnType, Object result) {
        if (result == null) {
            return null;
        }
        if (result instanceof Optional<?> optional && optional.isPresent() && optional.get() instanceof TangoModel<?, ?> model) {
            return Optional.of(wrap(TangoModel.class, model, pluginLoader));
        }
        if (result instanceof TangoModel<?, ?> model && returnType.isAssignableFrom(TangoModel.class)) {
            // A model returned as the host-facing LoadedModel (an explainer, a trained model) is still the plugin's.
            return wrap(TangoModel.class, model, pluginLoader);
        }
        if (returnType.isInterface() && (TangoModel.class.isAssignableFrom(returnType) || JobFuture.class.isAssignableFrom(returnType))) {
            return wrap((Class) returnType, result, pluginLoader);
        }
        return result;
    }
}
