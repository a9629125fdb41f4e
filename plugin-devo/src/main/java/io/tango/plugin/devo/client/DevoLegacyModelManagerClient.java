package io.tango.plugin.devo.client;

import static java.util.Objects.requireNonNull;

/**
 * A client for ML Model Manager servers older than 2.4.0 (Python: {@code LegacyClient}), which cannot infer the
 * domain from the token: it works on the given domain. Endpoints: {@code <url>/domains/<domain>/models},
 * {@code .../models/<name>?fast=...}, {@code .../models/images/upload}. Same operations as
 * {@link DevoModelManagerClient}. Thread-safe.
 */
public final class DevoLegacyModelManagerClient extends ModelManagerClient {

    private final String domain;

    private DevoLegacyModelManagerClient(Builder builder) {
        super(builder, Endpoints.legacy(builder.url(), builder.domain), "");
        this.domain = builder.domain;
    }

    /**
     * @param url the server's URL
     * @param domain the domain to work on, whatever the token's domain is
     * @param token the access token
     * @return a builder
     * @throws IllegalArgumentException if the URL is not an http(s) URL with a host, or the domain is empty
     */
    public static Builder builder(String url, String domain, String token) {
        return new Builder(url, domain, token);
    }

    /** @return the domain this client works on */
    public String domain() {
        return domain;
    }

    /** Builds a {@link DevoLegacyModelManagerClient}. Not thread-safe. */
    public static final class Builder extends ModelManagerClient.Builder<Builder, DevoLegacyModelManagerClient> {
        private final String domain;

        private Builder(String url, String domain, String token) {
            super(url, token);
            this.domain = requireNonNull(domain, "domain is null");
            if (domain.isEmpty()) {
                throw new IllegalArgumentException("Invalid domain: ''");
            }
            Endpoints.legacy(url(), domain);
        }

        @Override
        public DevoLegacyModelManagerClient build() {
            return new DevoLegacyModelManagerClient(this);
        }
    }
}
