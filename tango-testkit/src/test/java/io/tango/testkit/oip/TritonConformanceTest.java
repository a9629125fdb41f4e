package io.tango.testkit.oip;

import static io.tango.testkit.oip.KnownDeviation.DATA_COUNT_MISMATCH_IS_500;
import static io.tango.testkit.oip.KnownDeviation.MALFORMED_JSON_IS_500;
import static io.tango.testkit.oip.KnownDeviation.UNKNOWN_MODEL_READY_IS_400;

import io.tango.toolkit.oip.OipDatatype;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The OIP conformance kit against a real Triton 2.51 (PyTriton 0.7.0). */
class TritonConformanceTest extends OipConformanceTest {

    private static TritonServer server;

    @BeforeAll
    static void start(@TempDir Path workDir) {
        server = TritonServer.start(workDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected URI restBaseUrl() {
        return server.restBaseUrl();
    }

    @Override
    protected String grpcTarget() {
        return server.grpcTarget();
    }

    @Override
    protected Set<OipDatatype> identityDatatypes() {
        return EnumSet.complementOf(EnumSet.of(OipDatatype.BF16));
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
