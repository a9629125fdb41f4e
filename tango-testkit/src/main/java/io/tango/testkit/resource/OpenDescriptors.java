package io.tango.testkit.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This process's open file descriptors as Linux shows them: {@code /proc/self/fd/<n>} links to a file's path or to
 * {@code socket:[<inode>]}, and {@code /proc/net/tcp} and {@code /proc/net/tcp6} give each TCP socket's inode its two
 * endpoints. Only what a caller attributes to a component is described; the rest is only counted.
 */
final class OpenDescriptors {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String SOCKET_PREFIX = "socket:[";

    private OpenDescriptors() {}

    /** @return whether this platform shows what descriptors point at ({@code /proc/self/fd}, Linux) */
    static boolean attributable() {
        return Files.isDirectory(FDS);
    }

    /**
     * @param serverPorts the ports of the servers whose client sockets are wanted
     * @param folders the real paths of the folders whose files are wanted
     * @return one description per open descriptor that is a TCP socket to one of the ports
     *         ({@code socket 127.0.0.1:41234 -> 127.0.0.1:8080}) or a file under one of the folders (its path)
     */
    static List<String> describe(Set<Integer> serverPorts, List<Path> folders) {
        List<String> described = new ArrayList<>();
        List<Long> socketInodes = new ArrayList<>();
        for (String target : targets()) {
            if (target.startsWith(SOCKET_PREFIX)) {
                socketInodes.add(Long.parseLong(target.substring(SOCKET_PREFIX.length(), target.length() - 1)));
            } else if (target.startsWith("/") && folders.stream().anyMatch(Path.of(target)::startsWith)) {
                described.add(target);
            }
        }
        if (!socketInodes.isEmpty() && !serverPorts.isEmpty()) {
            Map<Long, String> toServers = tcpConnectionsTo(serverPorts);
            for (long inode : socketInodes) {
                Optional.ofNullable(toServers.get(inode)).ifPresent(described::add);
            }
        }
        return described;
    }

    /** What each open descriptor points at; a descriptor closed while the folder is read is left out. */
    private static List<String> targets() {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed between the listing and the read: not open any more
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the open file descriptors in " + FDS, e);
        }
        return targets;
    }

    /** @return the TCP connections whose remote port is one of {@code ports}, described, by socket inode */
    private static Map<Long, String> tcpConnectionsTo(Set<Integer> ports) {
        Map<Long, String> connections = new HashMap<>();
        for (Path table : TCP_TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (NoSuchFileException noIpv6) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the TCP sockets in " + table, e);
            }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String remote = fields[2];
                int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                if (ports.contains(remotePort)) {
                    connections.put(Long.parseLong(fields[9]), "socket " + endpoint(fields[1]) + " -> " + endpoint(remote));
                }
            }
        }
        return connections;
    }

    /** @return {@code address:port} of a table's {@code <hex address>:<hex port>}, the address in host byte order */
    private static String endpoint(String hex) {
        String address = hex.substring(0, hex.indexOf(':'));
        byte[] bytes = new byte[address.length() / 2];
        // The address is a sequence of 32-bit words, each written in the (little-endian) host's byte order.
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(address.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + ":" + Integer.parseInt(hex.substring(hex.indexOf(':') + 1), 16);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address in a TCP table: " + hex, e);
        }
    }
}
