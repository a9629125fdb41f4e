package io.tango.plugin.deepaas.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP connection pool of one TANGO component, shared by the {@link DeepaasClient}s it makes for each DEEPaaS
 * server it talks to.
 *
 * <p>Uses the JDK's {@link HttpClient} (HTTP/1.1, the only version aiohttp serves; redirects are not followed, they
 * are reported). Thread-safe. {@link #close()} stops its threads; calls made afterwards fail with
 * {@link IllegalStateException}.
 */
public final class DeepaasHttp implements AutoCloseable {
    private final DeepaasClientSettings settings;
    private final ExecutorService executor;
    private final HttpClient httpClient;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param settings timeouts and retries of every call
     * @param threadName the prefix of the pool's thread names, e.g. {@code tango-deepaas-finder-default}
     */
    public DeepaasHttp(DeepaasClientSettings settings, String threadName) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(threadName, "threadName is null");
        this.executor = Executors.newCachedThreadPool(daemonThreads(threadName));
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * @param baseUrl the server's base URL: {@code http(s)://host:port} plus its {@code --base-path}, if any
     * @return a client of that server sharing this pool
     */
    public DeepaasClient client(URI baseUrl) {
        return new DeepaasClient(this, baseUrl);
    }

    /** @return the timeouts and retries of every call */
    public DeepaasClientSettings settings() {
        return settings;
    }

    HttpClient httpClient() {
        if (closed.get()) {
            throw new IllegalStateException("the DEEPaaS HTTP client is closed");
        }
        return httpClient;
    }

    /** Stops the pool's threads. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            executor.shutdownNow();
        }
    }

    /**
     * @param prefix the threads' name prefix
     * @return a factory of daemon threads named {@code <prefix>-<n>}
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
