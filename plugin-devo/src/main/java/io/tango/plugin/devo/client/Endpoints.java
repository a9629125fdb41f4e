package io.tango.plugin.devo.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Renders the ML Model Manager's endpoint URLs (Python: {@code _endpoint.py}): {@code <url>/models...} for servers
 * 2.4.0 and later (the domain comes from the token), {@code <url>/domains/<domain>/models...} for older ones.
 */
final class Endpoints {
    private final String base;

    private Endpoints(String base) {
        this.base = base;
    }

    /** Endpoints of servers 2.4.0 and later. */
    static Endpoints latest(URI url) {
        return new Endpoints(requireNonNull(url, "url is null").toString());
    }

    /** Endpoints of servers older than 2.4.0, for one domain. */
    static Endpoints legacy(URI url, String domain) {
        requireNonNull(url, "url is null");
        requireNonNull(domain, "domain is null");
        // Python interpolates the domain as is.
        String base = url + "/domains/" + domain;
        try {
            URI.create(base);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid domain: '" + domain + "'", e);
        }
        return new Endpoints(base);
    }

    URI models() {
        return URI.create(base + "/models");
    }

    /** {@code <models>/<quote(name)>?fast=True|False}: Python renders its bool capitalised. */
    URI model(String name, boolean fast) {
        return URI.create(base + "/models/" + quote(name) + "?fast=" + (fast ? "True" : "False"));
    }

    URI imageUpload() {
        return URI.create(base + "/models/images/upload");
    }

    /**
     * Percent-encodes like Python's {@code urllib.parse.quote(text)}: UTF-8, keeping ASCII letters, digits,
     * {@code _.-~} and {@code /}.
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                quoted.append((char) c);
            }
            else {
                quoted.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return quoted.toString();
    }
}
