package io.tango.testkit.contract;

import io.tango.api.DeploymentNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The contracts can fail: run against plugins that break them, exactly the broken behaviours fail. (The broken
 * plugins are nested classes, which Surefire does not run on their own.)
 */
class ContractsCatchBrokenPluginsTest {

    private static List<String> failedTests(Class<?> contract) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
        return tests.failed().stream().map(event -> event.getTestDescriptor().getDisplayName()).sorted().toList();
    }

    @Test
    void theFinderContractCatchesAFinderThatThrowsForAMissingModel() {
        assertThat(failedTests(ThrowingFinderContract.class))
                .containsExactly("answersEmptyForAKeyInAFormItDoesNotUnderstand()", "answersEmptyForAMissingModel()");
    }

    @Test
    void theDeploymentContractCatchesDuplicatesAndADeleteThatIsNotIdempotent() {
        assertThat(failedTests(SloppyDeploymentContract.class))
                .containsExactly("deletesTwiceWithoutError()", "rejectsADuplicateCreate()");
    }

    static class ThrowingFinderContract extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return key -> {
                java.util.Objects.requireNonNull(key, "key is null");
                if (!key.value().equals("iris")) {
                    throw new ModelNotFoundException("no " + key);
                }
                return Optional.of(ModelDescriptor.builder(key, "iris", "test").build());
            };
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("iris");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("mnist");
        }
    }

    static class SloppyDeploymentContract extends DeploymentClientContractTest {
        private static final Map<String, Deployment> DEPLOYMENTS = new ConcurrentHashMap<>();

        @Override
        protected DeploymentClient client() {
            return new DeploymentClient() {
                @Override
                public String target() {
                    return "sloppy";
                }

                @Override
                public Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
                    Deployment deployment = new Deployment(name, "sloppy", modelUri, flavor, DeploymentState.READY, Optional.empty(), Map.of());
                    DEPLOYMENTS.put(name, deployment);
                    return deployment;
                }

                @Override
                public Deployment updateDeployment(String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
                    Deployment deployment = getDeployment(name);
                    return createDeployment(name, modelUri.orElse(deployment.modelUri()), flavor, config);
                }

                @Override
                public void deleteDeployment(String name, Map<String, String> config) {
                    if (DEPLOYMENTS.remove(name) == null) {
                        throw new DeploymentNotFoundException(name);
                    }
                }

                @Override
                public Deployment getDeployment(String name) {
                    Deployment deployment = DEPLOYMENTS.get(name);
                    if (deployment == null) {
                        throw new DeploymentNotFoundException("no deployment " + name);
                    }
                    return deployment;
                }

                @Override
                public List<Deployment> listDeployments() {
                    return List.copyOf(DEPLOYMENTS.values());
                }

                @Override
                public TangoResponse predict(String deploymentName, TangoRequest inputs) {
                    getDeployment(deploymentName);
                    return TangoResponse.of(Map.of("y", 1));
                }

                @Override
                public String targetHelp() {
                    return "sloppy target";
                }
            };
        }

        @Override
        protected String modelUri() {
            return "iris";
        }

        @Override
        protected String otherModelUri() {
            return "wine";
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Map.of("x", 1));
        }
    }
}
