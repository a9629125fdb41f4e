package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_NOT_CHECKED;
import static io.tango.testkit.oip.KnownDeviation.GRPC_UNKNOWN_DATATYPE_IS_INTERNAL;
import static io.tango.testkit.oip.KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_422;
import static io.tango.testkit.oip.KnownDeviation.METADATA_VERSIONS_EMPTY;
import static io.tango.testkit.oip.KnownDeviation.NO_BINARY_TENSOR_DATA;
import static io.tango.testkit.oip.KnownDeviation.RESPONSE_ID_ALWAYS_PRESENT;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_DATATYPE_IS_422;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The OIP conformance kit against a real MLServer 1.7.1. */
class MlServerConformanceTest extends PeerConformanceTest {

    @Override
    OipPeerServer start(Path workDir) {
        return MlServerServer.start(workDir);
    }

    @Override
    protected String identityVersion() {
        return MlServerServer.VERSION;
    }

    @Override
    protected Set<KnownDeviation> knownDeviations() {
        return EnumSet.of(METADATA_VERSIONS_EMPTY, RESPONSE_ID_ALWAYS_PRESENT, NO_BINARY_TENSOR_DATA,
                MALFORMED_JSON_IS_422, UNKNOWN_DATATYPE_IS_422, DATA_COUNT_NOT_CHECKED,
                INPUTS_NOT_CHECKED_AGAINST_METADATA, GRPC_UNKNOWN_DATATYPE_IS_INTERNAL);
    }

    @Test
    void theIrisModelMadeAtStartPredictsItsClasses() {
        JsonNode response = infer(MlServerServer.IRIS, """
                {"inputs": [{"name": "input-0", "datatype": "FP64", "shape": [2, 4],
                             "data": [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]}]}
                """);

        JsonNode predict = response.path("outputs").get(0);
        assertThat(predict.path("name").asText()).isEqualTo("predict");
        assertThat(predict.path("data").toString()).isEqualTo("[0,2]");
        assertThat(predict.path("parameters").path("content_type").asText()).isEqualTo("np");
        assertThat(response.path("model_version").asText()).isEqualTo(MlServerServer.VERSION);
    }
}
