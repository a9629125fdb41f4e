package io.tango.testkit.fault;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * A misbehaving HTTP/1.1 server on 127.0.0.1 for fault-injection tests: each request is answered by the next
 * {@link Fault} queued with {@link #enqueue}, or by the default fault when the queue is empty. Faults act at the socket
 * level, so a server can close mid-response, never answer, reset, or drip bytes.
 *
 * <p>Its threads are started with it and stay fixed (a request that is never answered parks its socket, not a
 * thread), so a test can compare the JVM's thread count before and after many faulted calls. Every connection is one
 * request ({@code Connection: close}). Thread-safe.
 */
public final class FaultyHttpServer implements AutoCloseable {
    private static final int WORKERS = 8;

    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final BlockingQueue<Fault> queued = new LinkedBlockingQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requestLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Fault fallback;
    private volatile boolean closed;

    private FaultyHttpServer(Fault fallback) throws IOException {
        this.fallback = requireNonNull(fallback, "fallback is null");
        this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "faulty-http-worker");
            thread.setDaemon(true);
            return thread;
        });
        workers.prestartAllCoreThreads();
        this.acceptor = new Thread(this::accept, "faulty-http-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param fallback how requests are answered when nothing is queued
     * @return a started server
     * @throws IOException if no port can be bound on 127.0.0.1
     */
    public static FaultyHttpServer start(Fault fallback) throws IOException {
        return new FaultyHttpServer(fallback);
    }

    /** @return the base URI, {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort());
    }

    /** Queues faults for the next requests, in order. */
    public FaultyHttpServer enqueue(Fault... faults) {
        for (Fault fault : faults) {
            queued.add(requireNonNull(fault, "fault is null"));
        }
        return this;
    }

    /** Sets how requests are answered when nothing is queued. */
    public FaultyHttpServer fallback(Fault fault) {
        this.fallback = requireNonNull(fault, "fault is null");
        return this;
    }

    /** @return how many requests were read */
    public int requestCount() {
        return requests.get();
    }

    /** @return the request lines read so far ({@code POST /invocations HTTP/1.1}), in order */
    public List<String> requestLines() {
        synchronized (requestLines) {
            return List.copyOf(requestLines);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                open.add(socket);
                workers.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }
    }

    private void serve(Socket socket) {
        boolean park = false;
        try {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (!readRequest(in)) {
                return;
            }
            requests.incrementAndGet();
            Fault fault = queued.poll();
            if (fault == null) {
                fault = fallback;
            }
            OutputStream out = socket.getOutputStream();
            if (fault instanceof Fault.Answer answer) {
                out.write(head(answer.status(), answer.contentType(), answer.body().length, answer.headers()));
                out.write(answer.body());
                out.flush();
            } else if (fault instanceof Fault.CloseMidResponse half) {
                out.write(head(200, half.contentType(), half.body().length, Map.of()));
                out.write(half.body(), 0, half.body().length / 2);
                out.flush();
            } else if (fault instanceof Fault.SlowDrip drip) {
                Fault.Answer answer = drip.answer();
                byte[] all = concat(head(answer.status(), answer.contentType(), answer.body().length, answer.headers()), answer.body());
                for (byte b : all) {
                    if (closed) {
                        return;
                    }
                    out.write(b);
                    out.flush();
                    LockSupport.parkNanos(drip.pause().toNanos());
                }
            } else if (fault instanceof Fault.NeverAnswer) {
                park = true;
            }
        } catch (IOException e) {
            // the client went away: that is what many faults provoke
        } finally {
            if (!park) {
                closeQuietly(socket);
            }
        }
    }

    private boolean readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return false;
        }
        requestLines.add(requestLine);
        long contentLength = 0;
        boolean chunked = false;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (String size = readLine(in); size != null; size = readLine(in)) {
                long length = Long.parseLong(size.split(";")[0].trim(), 16);
                in.skipNBytes(length);
                readLine(in);
                if (length == 0) {
                    break;
                }
            }
        } else {
            in.skipNBytes(contentLength);
        }
        return true;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] head(int status, String contentType, int length, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((key, value) -> head.append(key).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to do
        }
    }

    /** @return how many connections are open now (parked ones included) */
    public int openConnections() {
        return open.size();
    }

    /** Stops accepting, closes every connection (parked ones too) and stops the threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : List.copyOf(open)) {
            closeQuietly(socket);
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
