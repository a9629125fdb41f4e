package io.tango.testkit.contract;

import io.tango.api.Blob;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.api.spi.TangoFactory;
import io.tango.testkit.broken.InMemoryDeploymentClient;
import io.tango.testkit.broken.LeakyProblemFinderFactory;
import io.tango.testkit.broken.LeakyToStringFinderFactory;
import io.tango.testkit.broken.UndeclaredSecretFinderFactory;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The contracts can fail: run against plugins that break them, exactly the broken behaviours fail. (The broken
 * plugins are nested classes, which Surefire does not run on their own.)
 */
class ContractsCatchBrokenPluginsTest {

    private static List<String> failedTests(Class<?> contract) {
        return List.copyOf(failures(contract).keySet());
    }

    /** @return the failed tests of the contract, by display name, with their failure's message */
    private static Map<String, String> failures(Class<?> contract) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
        Map<String, String> failures = new TreeMap<>();
        tests.failed().stream().forEach(event -> failures.put(event.getTestDescriptor().getDisplayName(),
                event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(String::valueOf).orElse("")));
        return failures;
    }

    @Test
    void theFactoryContractCatchesASecretShownInToString() {
        Map<String, String> failures = failures(LeakyToStringContract.class);
        assertThat(failures).containsOnlyKeys("neverShowsASecretOptionInTheComponentsToString()");
        assertThat(failures.get("neverShowsASecretOptionInTheComponentsToString()"))
                .contains("toString() of the component created with secret option 'token'",
                        "tango-contract-secret-token-7f3a9c");
    }

    @Test
    void theFactoryContractCatchesASecretQuotedInAConfigProblem() {
        Map<String, String> failures = failures(LeakyProblemContract.class);
        assertThat(failures).containsOnlyKeys("neverShowsASecretOptionInAConfigProblem()");
        assertThat(failures.get("neverShowsASecretOptionInAConfigProblem()"))
                .contains("message of InvalidConfigException raised with secret option 'api_key' set");
    }

    @Test
    void theFactoryContractCatchesACredentialOptionNotDeclaredSecret() {
        Map<String, String> failures = failures(UndeclaredSecretContract.class);
        assertThat(failures).containsOnlyKeys("declaresEveryCredentialLookingOptionSecret()");
        assertThat(failures.get("declaresEveryCredentialLookingOptionSecret()"))
                .contains("options named like a credential must be declared with asSecret()", "tracking_token");
    }

    @Test
    void theDeploymentContractPassesATargetThatMeetsIt() {
        assertThat(failedTests(WellBehavedDeploymentContract.class)).isEmpty();
    }

    @Test
    void theDeploymentContractCatchesUnknownConfigKeysThatAreIgnored() {
        Map<String, String> failures = failures(KeyIgnoringDeploymentContract.class);
        assertThat(failures).containsOnlyKeys("rejectsAnUnknownConfigKeyNamingIt()");
        assertThat(failures.get("rejectsAnUnknownConfigKeyNamingIt()"))
                .contains("a create with an unknown config key must fail, not ignore the key");
    }

    @Test
    void theDeploymentContractCatchesAListWhoseOrderChanges() {
        Map<String, String> failures = failures(ShufflingDeploymentContract.class);
        assertThat(failures).containsOnlyKeys("listsInAStableOrder()");
        assertThat(failures.get("listsInAStableOrder()")).contains("two lists of the same deployments");
    }

    @Test
    void theDeploymentContractCatchesAPredictionThatEchoesItsInput() {
        Map<String, String> failures = failures(EchoingDeploymentContract.class);
        assertThat(failures).containsOnlyKeys("predictsWhatThePluginExpects()");
        assertThat(failures.get("predictsWhatThePluginExpects()"))
                .contains("prediction for {x=21}", "a prediction that echoes its input");
    }

    @Test
    void theProxyContractCatchesAnAnswerThatEchoesItsPayload() {
        Map<String, String> failures = failures(EchoingProxyContract.class);
        assertThat(failures).containsOnlyKeys("answersWhatThePluginExpects()");
        assertThat(failures.get("answersWhatThePluginExpects()")).contains("answer to the payload 21", "42");
    }

    @Test
    void theFinderContractCatchesAFinderThatThrowsForAMissingModel() {
        assertThat(failedTests(ThrowingFinderContract.class))
                .containsExactly("answersEmptyForAKeyInAFormItDoesNotUnderstand()", "answersEmptyForAMissingModel()");
    }

    @Test
    void theDeploymentContractCatchesDuplicatesAndADeleteThatIsNotIdempotent() {
        assertThat(failedTests(SloppyDeploymentContract.class))
                .containsExactly("deletesTwiceWithoutError()", "rejectsADuplicateCreate()", "rejectsAnUnknownConfigKeyNamingIt()");
    }

    static class LeakyToStringContract extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LeakyToStringFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of();
        }
    }

    static class LeakyProblemContract extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LeakyProblemFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("api_key", "ak-1");
        }
    }

    static class UndeclaredSecretContract extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new UndeclaredSecretFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of();
        }
    }

    /** Runs the deployment contract against an in-memory target; subclasses break one behaviour each. */
    abstract static class InMemoryDeploymentContract extends DeploymentClientContractTest {
        private final DeploymentClient client = client(new InMemoryDeploymentClient());

        abstract DeploymentClient client(InMemoryDeploymentClient meetsTheContract);

        @Override
        protected DeploymentClient client() {
            return client;
        }

        @Override
        protected String modelUri() {
            return "double";
        }

        @Override
        protected String otherModelUri() {
            return "triple";
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Map.of("x", 21));
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("y", 42)));
        }
    }

    static class WellBehavedDeploymentContract extends InMemoryDeploymentContract {
        @Override
        DeploymentClient client(InMemoryDeploymentClient meetsTheContract) {
            return meetsTheContract;
        }
    }

    static class KeyIgnoringDeploymentContract extends InMemoryDeploymentContract {
        @Override
        DeploymentClient client(InMemoryDeploymentClient meetsTheContract) {
            return new InMemoryDeploymentClient() {
                @Override
                protected void checkKeys(Map<String, String> config) {
                    // Broken on purpose: unknown keys are ignored.
                }
            };
        }
    }

    static class ShufflingDeploymentContract extends InMemoryDeploymentContract {
        @Override
        DeploymentClient client(InMemoryDeploymentClient meetsTheContract) {
            return new InMemoryDeploymentClient() {
                private int calls;

                @Override
                public synchronized List<Deployment> listDeployments() {
                    List<Deployment> rotated = new ArrayList<>(super.listDeployments());
                    Collections.rotate(rotated, ++calls);
                    return rotated;
                }
            };
        }
    }

    static class EchoingDeploymentContract extends InMemoryDeploymentContract {
        @Override
        DeploymentClient client(InMemoryDeploymentClient meetsTheContract) {
            return new InMemoryDeploymentClient() {
                @Override
                public TangoResponse predict(String deploymentName, TangoRequest inputs) {
                    getDeployment(deploymentName);
                    return TangoResponse.of(inputs.inputs());
                }
            };
        }
    }

    static class EchoingProxyContract extends ModelServerProxyContractTest {
        @Override
        protected ModelServerProxy proxy() {
            return new ModelServerProxy() {
                @Override
                public URI serverUrl() {
                    return URI.create("http://127.0.0.1:1");
                }

                @Override
                public Blob invoke(RequestType requestType, Blob payload) {
                    String text = new String(payload.bytes(), StandardCharsets.UTF_8);
                    if (!text.chars().allMatch(Character::isDigit)) {
                        throw new RemoteServiceException("echo server", 400, null, false, "not a number: " + text);
                    }
                    return payload;
                }
            };
        }

        @Override
        protected Blob predictPayload() {
            return Blob.ofUtf8("text/plain", "21");
        }

        @Override
        protected Blob malformedPayload() {
            return Blob.ofUtf8("text/plain", "twenty-one");
        }

        @Override
        protected Optional<Blob> expectedAnswer(Blob payload) {
            return Optional.of(Blob.ofUtf8("text/plain", "42"));
        }
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
