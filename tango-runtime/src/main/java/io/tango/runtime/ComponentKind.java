package io.tango.runtime;

import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.ModelServerProxy;
import io.tango.api.TangoComponent;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.ModelTrainer;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.api.spi.JobPredictorFactory;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.api.spi.ModelServerProxyFactory;
import io.tango.api.spi.ModelTrainerFactory;
import io.tango.api.spi.TangoFactory;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of component the runtime builds: each has a config section and a factory interface. */
public enum ComponentKind {
    FINDER("finders", "finder", ModelFinderFactory.class, ModelFinder.class),
    INITIALIZER("initializers", "initializer", ModelInitializerFactory.class, ModelInitializer.class),
    TRAINER("trainers", "trainer", ModelTrainerFactory.class, ModelTrainer.class),
    JOB_PREDICTOR("job_predictors", "job predictor", JobPredictorFactory.class, JobPredictor.class),
    DEPLOYMENT_TARGET("deployment_targets", "deployment target", DeploymentClientFactory.class, DeploymentClient.class),
    REGISTRY("registries", "registry", ModelRegistryConnectorFactory.class, ModelRegistryConnector.class),
    MODEL_SERVER("model_servers", "model server", ModelServerProxyFactory.class, ModelServerProxy.class);

    private final String section;
    private final String displayName;
    private final Class<? extends TangoFactory<?>> factoryInterface;
    private final Class<? extends TangoComponent> componentInterface;

    ComponentKind(
            String section,
            String displayName,
            Class<? extends TangoFactory<?>> factoryInterface,
            Class<? extends TangoComponent> componentInterface) {
        this.section = section;
        this.displayName = displayName;
        this.factoryInterface = factoryInterface;
        this.componentInterface = componentInterface;
    }

    /** @return the key of this kind's section under {@code model_management}, e.g. {@code finders} */
    public String section() {
        return section;
    }

    /** @return the kind's name in messages, e.g. {@code finder} */
    public String displayName() {
        return displayName;
    }

    /** @return the factory interface ServiceLoader looks up for this kind */
    public Class<? extends TangoFactory<?>> factoryInterface() {
        return factoryInterface;
    }

    /** @return the interface of the components this kind's factories create */
    public Class<? extends TangoComponent> componentInterface() {
        return componentInterface;
    }

    /**
     * @param section a config section key
     * @return the kind of that section, if any
     */
    public static Optional<ComponentKind> ofSection(String section) {
        return Arrays.stream(values()).filter(kind -> kind.section.equals(section)).findFirst();
    }
}
