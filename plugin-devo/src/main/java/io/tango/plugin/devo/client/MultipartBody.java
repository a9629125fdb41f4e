package io.tango.plugin.devo.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as Python's requests builds it for {@code data={...}, files=[...]}: the text
 * fields first, then the file parts, each file part with {@code filename="<base name>"} and no part Content-Type. The
 * file is streamed from disk, not loaded.
 */
final class MultipartBody {
    private static final String CRLF = "\r\n";

    private final String boundary = UUID.randomUUID().toString().replace("-", "");
    private final List<BodyPublisher> parts = new ArrayList<>();

    MultipartBody textField(String name, String value) {
        parts.add(BodyPublishers.ofString(
                "--" + boundary + CRLF
                        + "Content-Disposition: form-data; name=\"" + escape(name) + "\"" + CRLF + CRLF
                        + value + CRLF,
                StandardCharsets.UTF_8));
        return this;
    }

    MultipartBody fileField(String name, Path file) throws FileNotFoundException {
        Path fileName = file.getFileName();
        parts.add(BodyPublishers.ofString(
                "--" + boundary + CRLF
                        + "Content-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
                        + escape(fileName == null ? "" : fileName.toString()) + "\"" + CRLF + CRLF,
                StandardCharsets.UTF_8));
        parts.add(BodyPublishers.ofFile(file));
        parts.add(BodyPublishers.ofString(CRLF, StandardCharsets.UTF_8));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    BodyPublisher publisher() {
        List<BodyPublisher> all = new ArrayList<>(parts);
        all.add(BodyPublishers.ofString("--" + boundary + "--" + CRLF, StandardCharsets.UTF_8));
        return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
    }

    /** As urllib3 formats header parameters (HTML5 style): {@code "}, CR and LF are percent-encoded. */
    private static String escape(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
