package io.tango.plugin.local;

import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over the size cap is answered 413 with MLflow's error body however the client sends it, over a plain socket
 * so that what the server does to the connection shows.
 */
class OversizedRequestTest {
    private static final int LIMIT = 4096;
    private static final String REFUSAL = "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"the request body is larger"
            + " than the limit of 4096 bytes\"}";

    private static ScoringServer server;

    @BeforeAll
    static void start() {
        EchoModel model = new EchoModel();
        server = ScoringServer.start("echo", () -> model, new ServingSettings("127.0.0.1", 1, 4, LIMIT), 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * A client that writes its whole body before it reads, as simple clients do: 32 MiB is far more than the socket
     * buffers hold, so had the server closed as soon as it answered, the unread bytes would have turned its close into
     * a reset, failing the client's write and discarding the 413 before the client read it.
     */
    @Test
    void answersAClientThatSendsTheWholeBodyBeforeReading() throws IOException {
        byte[] body = new byte[32 << 20];
        Arrays.fill(body, (byte) ' ');
        try (Socket socket = new Socket(server.url().getHost(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Content-Length: " + body.length));
            out.write(body);
            out.flush();
            socket.shutdownOutput();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").contains("connection: close\r\n")
                    .endsWith("\r\n\r\n" + REFUSAL);
        }
    }

    /**
     * A client that asks {@code Expect: 100-continue}, as curl does for a large body, learns of the refusal before it
     * sends the body, and keeps its connection.
     */
    @Test
    void answersAnExpectContinueBeforeTheBodyIsSentAndKeepsTheConnection() throws IOException {
        try (Socket socket = new Socket(server.url().getHost(), server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head("Content-Length: " + (LIMIT + 1) + "\r\nExpect: 100-continue"));
            out.flush();

            assertThat(readResponse(in)).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").endsWith("\r\n\r\n" + REFUSAL);

            byte[] small = "{\"inputs\": {\"x\": [1]}}".getBytes(StandardCharsets.US_ASCII);
            out.write(head("Content-Length: " + small.length));
            out.write(small);
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n{\"predictions\":[1]}");
        }
    }

    private static byte[] head(String headers) {
        return ("POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response whose body has a Content-Length, leaving the connection at the next one. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the server closed the connection after: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(next);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = headers.lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst().orElseThrow(() -> new IOException("no content-length in: " + headers));
        return headers + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
