package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.BINARY_DATA_NOT_ADVERTISED;
import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.INPUTS_NOT_CHECKED_AGAINST_METADATA;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_422;
import static io.tango.testkit.oip.KnownDeviation.NO_MODEL_VERSIONS;
import static io.tango.testkit.oip.KnownDeviation.NULL_FIELDS;
import static io.tango.testkit.oip.KnownDeviation.RESPONSE_ID_ALWAYS_PRESENT;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

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
                MALFORMED_JSON_IS_422, DATA_COUNT_MISMATCH_IS_500, INPUTS_NOT_CHECKED_AGAINST_METADATA);
    }
}
