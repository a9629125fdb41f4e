package io.tango.testkit.contract;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidConfigException;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of a {@link DeploymentClient} (MLflow's deployment plugin contract, typed): it creates, gets, lists,
 * updates, predicts and deletes; delete is idempotent; a duplicate create and a missing get raise typed errors.
 *
 * <p>Targets that cannot delete or predict say so with {@link #supportsDelete()} / {@link #supportsPredict()}: the
 * contract then expects {@link UnsupportedTangoOperationException} instead.
 *
 * <p>It also checks what third parties get wrong: an unknown key in a deployment's config is rejected
 * ({@link InvalidRequestException} or {@link InvalidConfigException} naming the key) rather than ignored; two lists
 * give the same order; and, when the author says what the deployed model answers
 * ({@link #expectedPrediction(TangoRequest)}), a prediction is exactly that.
 */
public abstract class DeploymentClientContractTest {
    private final List<String> created = new ArrayList<>();

    /** @return the client under test */
    protected abstract DeploymentClient client();

    /** @return a model URI the target can deploy */
    protected abstract String modelUri();

    /** @return another model URI, to update to (may equal {@link #modelUri()}) */
    protected abstract String otherModelUri();

    /** @return a request the deployed model answers */
    protected abstract TangoRequest request();

    /** @return whether the target deletes deployments */
    protected boolean supportsDelete() {
        return true;
    }

    /** @return whether the target predicts */
    protected boolean supportsPredict() {
        return true;
    }

    /** @return config to create deployments with */
    protected Map<String, String> createConfig() {
        return Map.of();
    }

    /**
     * What a deployment of {@link #modelUri()} must answer to {@link #request()}; override it so a target that answers
     * anything (its input, say) fails. Empty by default, which skips {@code predictsWhatThePluginExpects}.
     *
     * @param request the request
     * @return the expected response (each output it names is compared; others are not), or empty when there is
     *         nothing to compare
     */
    protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
        return Optional.empty();
    }

    private String newName() {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        created.add(name);
        return name;
    }

    @AfterEach
    void deleteCreated() {
        if (supportsDelete()) {
            created.forEach(name -> client().deleteDeployment(name, Map.of()));
        }
        created.clear();
    }

    @Test
    void createsADeploymentThatCanBeGotAndListed() {
        String name = newName();
        Deployment deployment = client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        assertThat(deployment.name()).isEqualTo(name);
        assertThat(deployment.target()).isEqualTo(client().target());
        assertThat(client().getDeployment(name).name()).isEqualTo(name);
        assertThat(client().listDeployments()).extracting(Deployment::name).contains(name);
    }

    @Test
    void rejectsADuplicateCreate() {
        String name = newName();
        client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        assertThatThrownBy(() -> client().createDeployment(name, modelUri(), Optional.empty(), createConfig()))
                .isInstanceOf(DeploymentAlreadyExistsException.class)
                .hasMessageContaining(name);
    }

    @Test
    void rejectsGettingAMissingDeployment() {
        assertThatThrownBy(() -> client().getDeployment("contract-missing"))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("contract-missing");
    }

    @Test
    void updatesTheModelOfADeployment() {
        String name = newName();
        client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        Deployment updated = client().updateDeployment(name, Optional.of(otherModelUri()), Optional.empty(), Map.of());
        assertThat(updated.modelUri()).isEqualTo(otherModelUri());
        assertThat(client().getDeployment(name).modelUri()).isEqualTo(otherModelUri());
    }

    @Test
    void rejectsUpdatingAMissingDeployment() {
        assertThatThrownBy(() -> client().updateDeployment("contract-missing", Optional.of(modelUri()), Optional.empty(), Map.of()))
                .isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void predictsThroughADeployment() {
        String name = newName();
        client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        if (supportsPredict()) {
            assertThat(client().predict(name, request()).outputs()).isNotEmpty();
        } else {
            assertThatThrownBy(() -> client().predict(name, request())).isInstanceOf(UnsupportedTangoOperationException.class);
        }
    }

    @Test
    void deletesTwiceWithoutError() {
        String name = newName();
        client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        if (supportsDelete()) {
            client().deleteDeployment(name, Map.of());
            client().deleteDeployment(name, Map.of());
            assertThatThrownBy(() -> client().getDeployment(name)).isInstanceOf(DeploymentNotFoundException.class);
            assertThat(client().listDeployments()).extracting(Deployment::name).doesNotContain(name);
        } else {
            assertThatThrownBy(() -> client().deleteDeployment(name, Map.of())).isInstanceOf(UnsupportedTangoOperationException.class);
        }
    }

    @Test
    void rejectsAnUnknownConfigKeyNamingIt() {
        String name = newName();
        Map<String, String> config = new java.util.LinkedHashMap<>(createConfig());
        config.put("tango_contract_no_such_key", "1");
        Throwable rejected = catchThrowable(() -> client().createDeployment(name, modelUri(), Optional.empty(), config));
        assertThat(rejected)
                .as("a create with an unknown config key must fail, not ignore the key")
                .isInstanceOfAny(InvalidRequestException.class, InvalidConfigException.class)
                .hasMessageContaining("tango_contract_no_such_key");
        assertThatThrownBy(() -> client().getDeployment(name))
                .as("a rejected create leaves no deployment behind")
                .isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void listsInAStableOrder() {
        client().createDeployment(newName(), modelUri(), Optional.empty(), createConfig());
        client().createDeployment(newName(), modelUri(), Optional.empty(), createConfig());
        client().createDeployment(newName(), modelUri(), Optional.empty(), createConfig());
        List<String> first = client().listDeployments().stream().map(Deployment::name).toList();
        List<String> second = client().listDeployments().stream().map(Deployment::name).toList();
        assertThat(second).as("two lists of the same deployments").containsExactlyElementsOf(first);
    }

    @Test
    void predictsWhatThePluginExpects() {
        assumeTrue(supportsPredict(), "the target does not predict");
        TangoRequest request = request();
        Optional<TangoResponse> expected = expectedPrediction(request);
        assumeTrue(expected.isPresent(), "expectedPrediction(request) is not overridden");
        String name = newName();
        client().createDeployment(name, modelUri(), Optional.empty(), createConfig());
        ExpectedPredictions.assertPredicted(client().predict(name, request), expected.get(), request);
    }

    @Test
    void explainsItselfInTargetHelp() {
        assertThat(client().targetHelp()).isNotBlank().contains(client().target());
    }
}
