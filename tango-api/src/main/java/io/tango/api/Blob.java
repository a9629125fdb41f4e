package io.tango.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Immutable bytes with a content type and, for files, a file name: a file argument of a request, an image, the raw
 * payload a {@link ModelServerProxy} sends and receives. Thread-safe.
 */
public final class Blob {
    private final String contentType;
    private final String fileName;
    private final byte[] bytes;

    private Blob(String contentType, String fileName, byte[] bytes) {
        this.contentType = requireNonNull(contentType, "contentType is null");
        this.fileName = fileName;
        this.bytes = bytes;
    }

    /**
     * @param contentType e.g. {@code application/json}, {@code image/png}
     * @param bytes the content, copied
     * @return the blob
     */
    public static Blob of(String contentType, byte[] bytes) {
        return new Blob(contentType, null, requireNonNull(bytes, "bytes is null").clone());
    }

    /**
     * @param contentType e.g. {@code image/png}
     * @param fileName the file's name, without directories
     * @param bytes the content, copied
     * @return a blob that is a file
     */
    public static Blob ofFile(String contentType, String fileName, byte[] bytes) {
        requireNonNull(fileName, "fileName is null");
        return new Blob(contentType, fileName, requireNonNull(bytes, "bytes is null").clone());
    }

    /**
     * @param contentType e.g. {@code application/json}
     * @param text the content, encoded as UTF-8
     * @return the blob
     */
    public static Blob ofUtf8(String contentType, String text) {
        return new Blob(contentType, null, requireNonNull(text, "text is null").getBytes(StandardCharsets.UTF_8));
    }

    /** @return the content type */
    public String contentType() {
        return contentType;
    }

    /** @return the file name, when the blob is a file */
    public Optional<String> fileName() {
        return Optional.ofNullable(fileName);
    }

    /** @return a copy of the content */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return a stream over the content, without copying it */
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
    }

    /** @return the content decoded as UTF-8 */
    public String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** @return the content's length in bytes */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blob that
                && contentType.equals(that.contentType)
                && java.util.Objects.equals(fileName, that.fileName)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * contentType.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Blob[" + contentType + (fileName != null ? " " + fileName : "") + ", " + bytes.length + " bytes]";
    }
}
