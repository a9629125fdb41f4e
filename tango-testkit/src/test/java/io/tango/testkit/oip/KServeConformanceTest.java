package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.BINARY_ANSWER_WITHOUT_CONTENT_TYPE;
import static io.tango.testkit.oip.KnownDeviation.BINARY_DATA_NOT_ADVERTISED;
import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_422;
import static io.tango.testkit.oip.KnownDeviation.NO_MODEL_VERSIONS;
import static io.tango.testkit.oip.KnownDeviation.NO_REPOSITORY_INDEX;
import static io.tango.testkit.oip.KnownDeviation.NULL_FIELDS;
import static io.tango.testkit.oip.KnownDeviation.REPOSITORY_UNKNOWN_LOAD_IS_503;
import static io.tango.testkit.oip.KnownDeviation.RESPONSE_ID_ALWAYS_PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The OIP conformance kit against a real KServe 0.21 ModelServer. */
class KServeConformanceTest extends PeerConformanceTest {

    @Override
    OipPeerServer start(Path workDir) {
        return KServeServer.start(workDir);
    }

    @Override
    protected String identityVersion() {
        return "1";
    }

    @Override
    protected Set<KnownDeviation> knownDeviations() {
        return EnumSet.of(NO_MODEL_VERSIONS, RESPONSE_ID_ALWAYS_PRESENT, NULL_FIELDS, BINARY_DATA_NOT_ADVERTISED,
                BINARY_ANSWER_WITHOUT_CONTENT_TYPE, MALFORMED_JSON_IS_422, DATA_COUNT_MISMATCH_IS_500,
                INPUTS_NOT_CHECKED_AGAINST_METADATA, NO_REPOSITORY_INDEX, REPOSITORY_UNKNOWN_LOAD_IS_503);
    }

    @Test
    void theLinearModelComputesXwPlusB() {
        JsonNode y = infer(KServeServer.LINEAR, """
                {"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 4], "data": [1, 2, 3, 4, 0, 0, 0, 0]}]}
                """).path("outputs").get(0);

        assertThat(y.path("shape").toString()).isEqualTo("[2,3]");
        assertCloseTo(y.path("data"), 2.25f, 1.85f, 3.75f, 0.1f, -0.2f, 0.3f);
    }
}
