package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_500;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_MODEL_READY_IS_400;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

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
        return EnumSet.of(UNKNOWN_MODEL_READY_IS_400, MALFORMED_JSON_IS_500, DATA_COUNT_MISMATCH_IS_500);
    }
}
