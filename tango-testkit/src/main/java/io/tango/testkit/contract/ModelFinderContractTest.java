package io.tango.testkit.contract;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of a {@link ModelFinder}: found models are described, unknown keys are "not found", not errors. */
public abstract class ModelFinderContractTest {

    /** @return the finder under test */
    protected abstract ModelFinder finder();

    /** @return a key the finder finds */
    protected abstract ModelKey existingKey();

    /** @return a key in the finder's own form for a model that does not exist */
    protected abstract ModelKey missingKey();

    @Test
    void describesAModelItFinds() {
        ModelDescriptor descriptor = finder().find(existingKey()).orElseThrow();
        assertThat(descriptor.key()).isEqualTo(existingKey());
        assertThat(descriptor.name()).isNotBlank();
        assertThat(descriptor.format()).isNotBlank();
    }

    @Test
    void answersEmptyForAMissingModel() {
        assertThat(finder().find(missingKey())).isEmpty();
    }

    @Test
    void answersEmptyForAKeyInAFormItDoesNotUnderstand() {
        assertThat(finder().find(ModelKey.of("no-such-scheme-for-tango-contract:/x"))).isEmpty();
    }

    @Test
    void findsTheSameModelTwice() {
        Optional<ModelDescriptor> first = finder().find(existingKey());
        Optional<ModelDescriptor> second = finder().find(existingKey());
        assertThat(second.map(ModelDescriptor::name)).isEqualTo(first.map(ModelDescriptor::name));
        assertThat(second.flatMap(ModelDescriptor::version)).isEqualTo(first.flatMap(ModelDescriptor::version));
    }

    @Test
    void rejectsANullKey() {
        assertThatThrownBy(() -> finder().find(null)).isInstanceOf(NullPointerException.class);
    }
}
