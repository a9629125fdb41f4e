package io.tango.testkit.contract;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.TangoRequest;
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

/**
 * The contract of a {@link DeploymentClient} (MLflow's deployment plugin contract, typed): it creates, gets, lists,
 * updates, predicts and deletes; delete is idempotent; a duplicate create and a missing get raise typed errors.
 *
 * <p>Targets that cannot delete or predict say so with {@link #supportsDelete()} / {@link #supportsPredict()}: the
 * contract then expects {@link UnsupportedTangoOperationException} instead.
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
    void explainsItselfInTargetHelp() {
        assertThat(client().targetHelp()).isNotBlank().contains(client().target());
    }
}
