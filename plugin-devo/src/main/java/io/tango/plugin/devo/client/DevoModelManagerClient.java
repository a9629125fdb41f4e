package io.tango.plugin.devo.client;

/**
 * A client for ML Model Manager servers 2.4.0 and later (Python: {@code Client}): the domain is the token's.
 * Endpoints: {@code <url>/models}, {@code <url>/models/<name>?fast=...}, {@code <url>/models/images/upload}.
 *
 * <p>If calls fail with a {@link ModelManagerException} of HTTP status 404, the server is older: use a
 * {@link DevoLegacyModelManagerClient} with the target domain. Thread-safe.
 */
public final class DevoModelManagerClient extends ModelManagerClient {

    /** Appended to the message of an HTTP 404 answer. */
    static final String LEGACY_SERVER_HINT = "a server older than ML Model Manager 2.4.0 does not offer this endpoint:"
            + " use DevoLegacyModelManagerClient with the target domain";

    private DevoModelManagerClient(Builder builder) {
        super(builder, Endpoints.latest(builder.url()), LEGACY_SERVER_HINT);
    }

    /**
     * @param url the server's URL, e.g. {@code https://api-us.devo.com/mlmodelmanager}
     * @param token the access token; it sets the domain
     * @return a builder
     * @throws IllegalArgumentException if the URL is not an http(s) URL with a host
     */
    public static Builder builder(String url, String token) {
        return new Builder(url, token);
    }

    /** Builds a {@link DevoModelManagerClient}. Not thread-safe. */
    public static final class Builder extends ModelManagerClient.Builder<Builder, DevoModelManagerClient> {
        private Builder(String url, String token) {
            super(url, token);
        }

        @Override
        public DevoModelManagerClient build() {
            return new DevoModelManagerClient(this);
        }
    }
}
