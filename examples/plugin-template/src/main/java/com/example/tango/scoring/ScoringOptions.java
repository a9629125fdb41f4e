package com.example.tango.scoring;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RemoteErrorReader;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options both factories declare: where the scoring API is, its token, and the toolkit's HTTP options. */
final class ScoringOptions {
    static final ConfigOption<String> URL = ConfigOption.string("url").asRequired()
            .withDescription("Base URL of the scoring API, e.g. http://127.0.0.1:8080");
    static final ConfigOption<String> TOKEN = ConfigOption.string("token").asSecret()
            .withDescription("Bearer token the scoring API expects; none when unset");

    private ScoringOptions() {
    }

    /** @return the connection options, then the toolkit's HTTP options ({@code timeout}, {@code max_retries}, ...) */
    static List<ConfigOption<?>> connection() {
        List<ConfigOption<?>> options = new ArrayList<>(List.of(URL, TOKEN));
        options.addAll(HttpOptions.all());
        return options;
    }

    /**
     * @param config validated config
     * @return a transport to the configured API (the caller closes it)
     */
    static HttpTransport transport(TangoConfig config) {
        URI url = URI.create(config.get(URL));
        Optional<String> token = config.getOptional(TOKEN);
        HttpAuth auth = token.<HttpAuth>map(HttpAuth.Bearer::new).orElseGet(HttpAuth::none);
        return new HttpTransport("scoring API at " + url, url, auth, HttpOptions.settings(config), ERRORS,
                "tango-scoring-http-");
    }

    /** The API's error body: {@code {"error": "..."}}. */
    private static final RemoteErrorReader ERRORS = (body, json) -> {
        try {
            return Optional.ofNullable(json.readTree(body).get("error"))
                    .map(message -> new RemoteErrorReader.RemoteError(null, message.asText()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    };
}
