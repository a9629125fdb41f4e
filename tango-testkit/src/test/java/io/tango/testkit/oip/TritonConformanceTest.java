package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_500;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_INDEX_EMPTY;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_LOAD_IS_500;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_UNLOAD_IS_200;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_MODEL_READY_IS_400;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The OIP conformance kit against a real Triton 2.51 (PyTriton 0.7.0). */
class TritonConformanceTest extends PeerConformanceTest {

    @Override
    OipPeerServer start(Path workDir) {
        return TritonServer.start(workDir);
    }

    @Override
    protected String identityVersion() {
        return TritonServer.VERSION;
    }

    @Override
    protected Set<KnownDeviation> knownDeviations() {
        return EnumSet.of(UNKNOWN_MODEL_READY_IS_400, MALFORMED_JSON_IS_500, DATA_COUNT_MISMATCH_IS_500,
                REPOSITORY_INDEX_EMPTY, REPOSITORY_UNKNOWN_LOAD_IS_500, REPOSITORY_UNKNOWN_UNLOAD_IS_200);
    }

    @Test
    void theOnnxModelIsRunByOnnxruntimeInsideTheBoundFunction() {
        JsonNode y = infer(TritonServer.LINEAR, """
                {"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 4], "data": [1, 2, 3, 4, 0, 0, 0, 0]}]}
                """).path("outputs").get(0);

        assertThat(y.path("name").asText()).isEqualTo("y");
        assertThat(y.path("shape").toString()).isEqualTo("[2,3]");
        assertCloseTo(y.path("data"), 2.25f, 1.85f, 3.75f, 0.1f, -0.2f, 0.3f);
    }
}
