package io.tango.plugin.local;

import io.tango.api.InvalidConfigException;
import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;

import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.spi.DeclaredFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates {@link LocalModelServerProxy}s: type {@code LOCAL}. Options: {@code url} and the toolkit's HTTP options
 * ({@link HttpOptions#all()}: {@code timeout}, {@code connect_timeout}, {@code max_retries}, {@code retry_delay},
 * {@code max_retry_delay}, {@code max_response_size}).
 */
public final class LocalModelServerProxyFactory extends DeclaredFactory<ModelServerProxy>
        implements ModelServerProxyFactory {
    static final ConfigOption<String> URL = ConfigOption.string("url").asRequired()
            .withDescription("Base URL of a scoring server speaking MLflow's protocol, e.g. a served local deployment's url");
    /** The user info of a URL, {@code scheme://user:password@}: a secret, never shown. */
    private static final java.util.regex.Pattern URL_CREDENTIALS =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");

    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalModelServerProxyFactory() {
        super("LOCAL",
                "Sends payloads to a local scoring server (MLflow protocol: /invocations, /version)",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(URL);
        options.addAll(HttpOptions.all());
        return List.copyOf(options);
    }

    @Override
    protected ModelServerProxy build(TangoConfig config, String instanceName) {
        String text = config.get(URL).strip();
        String shown = URL_CREDENTIALS.matcher(text).replaceAll("$1****@");
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(LocalOptions.path(config, URL.key()), "'" + shown + "' is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new InvalidConfigException(LocalOptions.path(config, URL.key()),
                    "'" + shown + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:5000");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidConfigException(LocalOptions.path(config, URL.key()),
                    "'" + shown + "' must not carry credentials: the proxy sends none, e.g. http://127.0.0.1:5000");
        }
        return new LocalModelServerProxy(url, HttpOptions.settings(config));
    }
}
