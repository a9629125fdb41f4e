package io.tango.plugin.deepaas.client;

import io.tango.api.Blob;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Encodes form parts as a {@code multipart/form-data} body (RFC 7578), the one encoding DEEPaaS 2.x reads every
 * argument from: text fields for scalars, file parts for file arguments. Stateless.
 */
public final class MultipartBody {
    private MultipartBody() {}

    /**
     * @param parts the parts, in order; may be empty
     * @return the body, its content type {@code multipart/form-data; boundary=…}
     */
    public static Blob encode(List<FormPart> parts) {
        requireNonNull(parts, "parts is null");
        String boundary = "tango-" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FormPart part : parts) {
            write(out, "--" + boundary + "\r\n");
            write(out, "Content-Disposition: form-data; name=\"" + quote(part.name()) + "\"");
            if (part instanceof FormPart.File file) {
                // aiohttp hands a part to DEEPaaS as a file only when it has a file name
                String fileName = file.file().fileName().orElse(part.name());
                write(out, "; filename=\"" + quote(fileName) + "\"\r\n");
                write(out, "Content-Type: " + file.file().contentType() + "\r\n\r\n");
                out.writeBytes(file.file().bytes());
            } else {
                write(out, "\r\n\r\n");
                write(out, ((FormPart.Text) part).value());
            }
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return Blob.of("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Names and file names go inside quotes: escape what would end them or the header line (as browsers do). */
    private static String quote(String text) {
        return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
