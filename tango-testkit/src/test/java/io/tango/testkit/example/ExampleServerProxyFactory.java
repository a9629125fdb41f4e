package io.tango.testkit.example;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Posts predictions to {@code <url>/predict} over HTTP. */
public final class ExampleServerProxyFactory implements ModelServerProxyFactory {
    static final ConfigOption<String> URL = ConfigOption.string("url").asRequired().withDescription("The server's base URL");

    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "Posts predictions to an example model server";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(URL);
    }

    @Override
    public ModelServerProxy create(TangoConfig config, String instanceName) {
        URI url = URI.create(config.get(URL));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new ModelServerProxy() {
            @Override
            public URI serverUrl() {
                return url;
            }

            @Override
            public Blob invoke(RequestType requestType, Blob payload) {
                if (requestType != RequestType.PREDICT) {
                    throw new UnsupportedTangoOperationException("example server only predicts");
                }
                try {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url.resolve("/predict"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", payload.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes())).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new RemoteServiceException("example server at " + url, response.statusCode(), null,
                                response.statusCode() >= 500, new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return Blob.of(response.headers().firstValue("Content-Type").orElse("text/plain"), response.body());
                } catch (IOException e) {
                    throw new RemoteServiceException("example server at " + url, null, null, true, e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RemoteServiceException("example server at " + url, null, null, true, "interrupted", e);
                }
            }
        };
    }
}
