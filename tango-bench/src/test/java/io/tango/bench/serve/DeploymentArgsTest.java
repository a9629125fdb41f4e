package io.tango.bench.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serving mains pass their key=value arguments through as deployment config. */
class DeploymentArgsTest {
    @Test
    void passesEveryPairAfterTheFixedArgumentsInOrder() {
        String[] args = {"linear.onnx", "linear", "8080", "work", "grpc_port=8001", "max_batch_size=32",
                "preferred_batch_sizes=8,16"};

        assertThat(DeploymentArgs.config(args, 4)).containsExactly(
                java.util.Map.entry("grpc_port", "8001"), java.util.Map.entry("max_batch_size", "32"),
                java.util.Map.entry("preferred_batch_sizes", "8,16"));
    }

    @Test
    void refusesAnArgumentThatIsNotAPair() {
        assertThatThrownBy(() -> DeploymentArgs.config(new String[] {"m", "n", "1", "w", "max_batch_size"}, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'max_batch_size' is not key=value (deployment config of target local, e.g. grpc_port=8001"
                        + " or max_batch_size=32)");
    }
}
