package io.tango.cli.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A server on 127.0.0.1 that refuses every call with 401 and echoes, in its body (in MLflow's, Devo's and DEEPaaS's
 * error fields) and in a {@code WWW-Authenticate} header, the credential headers it received: {@code Authorization}
 * and Devo's {@code standAloneToken}. {@code GET …/version} answers 200 {@code 2.17.0}, so a client can get as far as
 * sending a prediction. Thread-safe.
 */
public final class CredentialEchoServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private CredentialEchoServer(HttpServer server) {
        this.server = server;
    }

    /** @return a started server */
    public static CredentialEchoServer start() throws IOException {
        CredentialEchoServer echo = new CredentialEchoServer(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        echo.server.createContext("/", exchange -> {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String standAlone = String.valueOf(exchange.getRequestHeaders().getFirst("standAloneToken"));
            echo.received.add(authorization + " " + standAlone);
            int status = exchange.getRequestURI().getPath().endsWith("/version") ? 200 : 401;
            byte[] body = (status == 200 ? "2.17.0" : "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"rejected credentials:"
                    + " Authorization=" + authorization + ", standAloneToken=" + standAlone + "\", \"detail\": \"Authorization="
                    + authorization + "\", \"code\": 12, \"msg\": \"rejected " + authorization + " / " + standAlone + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + authorization + "\"");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.server.start();
        return echo;
    }

    /** @return the base URL, {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return for each request, its {@code Authorization} and {@code standAloneToken} values ("null" if absent) */
    public List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
