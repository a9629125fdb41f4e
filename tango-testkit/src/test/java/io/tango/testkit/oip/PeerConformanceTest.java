package io.tango.testkit.oip;

import io.tango.toolkit.oip.OipDatatype;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
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
}
