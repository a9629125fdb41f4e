package io.tango.testkit.fault;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusingPortTest {

    @Test
    void refusesEveryConnectionWhileOpen() {
        try (RefusingPort port = RefusingPort.open()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> connect(port.port()))
                        .isInstanceOf(ConnectException.class)
                        .hasMessageContaining("Connection refused");
            }
        }
    }

    @Test
    void letsNoServerTakeThePortWhileOpen() {
        try (RefusingPort port = RefusingPort.open()) {
            assertThatThrownBy(() -> {
                try (ServerSocket server = new ServerSocket()) {
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()));
                }
            }).isInstanceOf(BindException.class);
        }
    }

    @Test
    void releasesThePortWhenClosed() throws IOException {
        RefusingPort port = RefusingPort.open();
        int number = port.port();
        port.close();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), number));
            assertThat(server.getLocalPort()).isEqualTo(number);
        }
    }

    @Test
    void namesItsUrl() {
        try (RefusingPort port = RefusingPort.open()) {
            assertThat(port.url("/x")).hasToString("http://127.0.0.1:" + port.port() + "/x");
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        }
    }
}
