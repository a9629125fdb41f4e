package io.tango.plugin.oip;

import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.ServerCredentials;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * The clients of one component, one per server it talks to, made on first use with the component's settings: an
 * {@link OipRestClient} for an http(s) server and an {@link OipGrpcClient} for {@code grpc://<host>:<port>}. A
 * configured token goes to its own server only (see {@link ServerCredentials#isFor(URI)}), never to a server a model
 * key names elsewhere.
 * Thread-safe; {@link #close()} closes every client.
 */
public final class OipServers implements AutoCloseable {
    private final HttpSettings settings;
    private final OipBinaryMode binaryMode;
    private final Optional<ServerCredentials> credentials;
    private final String threadPrefix;
    private final Map<URI, OipClient> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param settings timeouts (the gRPC deadline too), retries and the answer size cap
     * @param binaryMode when REST clients use the binary tensor data extension
     * @param credentials the token of one server, if any
     * @param threadPrefix the name prefix of the clients' threads, e.g. {@code tango-oip-finder-x}
     */
    public OipServers(HttpSettings settings, OipBinaryMode binaryMode, Optional<ServerCredentials> credentials,
            String threadPrefix) {
        this.settings = requireNonNull(settings, "settings is null");
        this.binaryMode = requireNonNull(binaryMode, "binaryMode is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.threadPrefix = requireNonNull(threadPrefix, "threadPrefix is null");
    }

    /**
     * Clients without a token.
     *
     * @param settings timeouts (the gRPC deadline too), retries and the answer size cap
     * @param binaryMode when REST clients use the binary tensor data extension
     * @param threadPrefix the name prefix of the clients' threads, e.g. {@code tango-oip-finder-x}
     */
    public OipServers(HttpSettings settings, OipBinaryMode binaryMode, String threadPrefix) {
        this(settings, binaryMode, Optional.empty(), threadPrefix);
    }

    /**
     * @param server a normalized server address (see {@link OipModelRef#server()})
     * @return its client
     * @throws IllegalStateException if this pool is closed
     */
    public OipClient client(URI server) {
        requireNonNull(server, "server is null");
        if (closed.get()) {
            throw new IllegalStateException("the OIP clients of " + threadPrefix + " are closed");
        }
        return clients.computeIfAbsent(server, this::newClient);
    }

    private OipClient newClient(URI server) {
        HttpAuth auth = ServerCredentials.authFor(credentials, server);
        if (OipServerAddress.isGrpc(server)) {
            return OipGrpcClient.connect(server, settings, auth);
        }
        return new OipRestClient(server, settings, auth, binaryMode, threadPrefix + "-http-");
    }

    /** @return the settings the clients are made with */
    public HttpSettings settings() {
        return settings;
    }

    /** Closes every client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<OipClient> open = new ArrayList<>(clients.values());
        clients.clear();
        open.forEach(OipClient::close);
    }
}
