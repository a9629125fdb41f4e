package io.tango.testkit.oip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.toolkit.oip.OipDatatype;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit against one real peer started for the class; every peer's identity model carries all of OIP's
 * datatypes but BF16.
 */
abstract class PeerConformanceTest extends OipConformanceTest {

    private OipPeerServer server;

    /** Starts the peer in {@code workDir}. */
    abstract OipPeerServer start(Path workDir);

    @BeforeAll
    void startPeer(@TempDir Path workDir) {
        server = start(workDir);
    }

    @AfterAll
    void stopPeer() {
        if (server != null) {
            server.close();
        }
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

    /** Asserts a JSON FP32 data array holds the expected values, each within 1e-5. */
    static void assertCloseTo(JsonNode data, Float... expected) {
        List<Float> values = new ArrayList<>();
        data.forEach(value -> values.add((float) value.doubleValue()));
        assertThat(values)
                .usingElementComparator((a, b) -> Math.abs(a - b) <= 1e-5f ? 0 : Float.compare(a, b))
                .containsExactly(expected);
    }
}
