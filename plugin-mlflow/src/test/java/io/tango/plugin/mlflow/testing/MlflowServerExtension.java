package io.tango.plugin.mlflow.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves an {@link MlflowTestServer} parameter (e.g. of a static {@code @BeforeAll} method): the one server of this
 * JVM, started on first use and kept in the root context's store, so JUnit closes it once every test class has run.
 */
public final class MlflowServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MlflowServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MlflowTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, key -> new Holder(MlflowTestServer.start()), Holder.class)
                .server();
    }

    /** Closes the server when the root context closes. */
    private record Holder(MlflowTestServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
