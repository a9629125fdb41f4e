package io.tango.testkit.resource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The threads and file descriptors one component under test owns, told apart from everything else in the JVM: its
 * threads by the name prefixes its executors give them, its descriptors by what {@code /proc/self/fd} shows they point
 * at — TCP sockets to the server under test's ports, files under the test's folders. Garbage left by other tests,
 * collected or not, neither hides nor fakes a leak, because it is not counted; the JVM-wide totals are captured only to
 * be reported.
 *
 * <p>What cannot be attributed is not counted: on Java 17 a {@code java.net.http.HttpClient}'s selector thread is
 * named {@code HttpClient-<n>-SelectorManager} with a JVM-wide {@code n}, and its epoll descriptor and wake-up pipe
 * point at no file and no server. Where {@code /proc/self/fd} does not exist (not Linux), descriptors cannot be
 * attributed and only threads are checked; every report says so.
 *
 * <pre>{@code
 * OwnedResources owned = OwnedResources.of(List.of("tango-devo-http-"), List.of(server.uri().getPort()), List.of());
 * ResourceBaseline baseline = owned.capture();
 * // ... calls, then close the components
 * baseline.awaitReturn(Duration.ofSeconds(30), 0, 0);
 * }</pre>
 */
public final class OwnedResources {
    private final List<String> threadNamePrefixes;
    private final Set<Integer> serverPorts;
    private final List<Path> folders;

    private OwnedResources(List<String> threadNamePrefixes, Set<Integer> serverPorts, List<Path> folders) {
        this.threadNamePrefixes = threadNamePrefixes;
        this.serverPorts = serverPorts;
        this.folders = folders;
    }

    /**
     * @param threadNamePrefixes the prefixes of the names of the component's threads, e.g. {@code tango-devo-http-}
     * @param serverPorts the ports of the servers the component talks to: its sockets to them are its own
     * @param folders existing folders the component's files are in (the test's temporary folder)
     * @return the resources they designate
     * @throws IllegalArgumentException if a prefix is empty (it would claim every thread), a port is out of range or a
     *         folder does not exist
     */
    public static OwnedResources of(Collection<String> threadNamePrefixes, Collection<Integer> serverPorts,
            Collection<Path> folders) {
        requireNonNull(threadNamePrefixes, "threadNamePrefixes is null");
        requireNonNull(serverPorts, "serverPorts is null");
        requireNonNull(folders, "folders is null");
        for (String prefix : threadNamePrefixes) {
            if (requireNonNull(prefix, "a thread name prefix is null").isEmpty()) {
                throw new IllegalArgumentException("a thread name prefix is empty: it would claim every thread of the "
                        + "JVM; give the prefix the component's executors name their threads with, e.g. tango-devo-http-");
            }
        }
        for (int port : serverPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("server port out of range: " + port + " (1 to 65535)");
            }
        }
        List<Path> realFolders = folders.stream().map(OwnedResources::realFolder).toList();
        return new OwnedResources(List.copyOf(new TreeSet<>(threadNamePrefixes)), Set.copyOf(serverPorts), realFolders);
    }

    private static Path realFolder(Path folder) {
        requireNonNull(folder, "a folder is null");
        try {
            // /proc/self/fd shows real paths: a folder reached through a link must be compared as what it leads to.
            return folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("folder " + folder + " cannot be resolved (does it exist?): " + e, e);
        }
    }

    /** @return the component's threads and descriptors now, with the JVM's totals */
    public ResourceBaseline capture() {
        Map<Long, String> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (threadNamePrefixes.stream().anyMatch(name::startsWith)) {
                threads.put(thread.getId(), name);
            }
        }
        List<String> descriptors = OpenDescriptors.attributable()
                ? OpenDescriptors.describe(serverPorts, folders).stream().sorted().toList()
                : List.of();
        return new ResourceBaseline(this, threads, descriptors, ManagementFactory.getThreadMXBean().getThreadCount(),
                jvmDescriptors());
    }

    private static long jvmDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }

    @Override
    public String toString() {
        return "threads named " + threadNamePrefixes.stream().map(prefix -> prefix + "*").toList()
                + ", sockets to ports " + new TreeSet<>(serverPorts) + ", files under " + folders
                + (OpenDescriptors.attributable() ? "" : " (descriptors not attributable here: no /proc/self/fd)");
    }
}
