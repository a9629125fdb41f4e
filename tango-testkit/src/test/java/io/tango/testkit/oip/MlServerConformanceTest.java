package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_NOT_CHECKED;
import static io.tango.testkit.oip.KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_422;
import static io.tango.testkit.oip.KnownDeviation.METADATA_VERSIONS_EMPTY;
import static io.tango.testkit.oip.KnownDeviation.NO_BINARY_TENSOR_DATA;
import static io.tango.testkit.oip.KnownDeviation.RESPONSE_ID_ALWAYS_PRESENT;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_DATATYPE_IS_422;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

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
                INPUTS_NOT_CHECKED_AGAINST_METADATA);
    }
}
