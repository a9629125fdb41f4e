package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tango.api.Blob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlobJsonTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new TangoJsonModule()).build();

    /** @return the original message of the mismatched-input error reading {@code json} as a blob throws */
    private static String rejection(String json) {
        return org.junit.jupiter.api.Assertions.assertThrows(MismatchedInputException.class,
                () -> MAPPER.readValue(json, Blob.class)).getOriginalMessage();
    }

    @Test
    void aBlobIsStandardBase64WithPadding() throws JsonProcessingException {
        Blob blob = Blob.of("image/png", new byte[] {(byte) 0xfb, (byte) 0xff});

        assertThat(MAPPER.writeValueAsString(blob)).isEqualTo("\"+/8=\"");
    }

    @Test
    void aLongBlobIsOneLineOfBase64() throws JsonProcessingException {
        Blob blob = Blob.of("application/octet-stream", new byte[60]);

        assertThat(MAPPER.writeValueAsString(blob)).isEqualTo("\"" + "A".repeat(80) + "\"");
    }

    @Test
    void aFileBlobIsWrittenWithoutItsNameOrType() throws JsonProcessingException {
        Blob blob = Blob.ofFile("text/plain", "greeting.txt", "hi?".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(MAPPER.writeValueAsString(blob)).isEqualTo("\"aGk/\"");
    }

    @Test
    void base64TextReadsBackAsAnOctetStream() throws JsonProcessingException {
        Blob blob = MAPPER.readValue("\"aGk/\"", Blob.class);

        assertThat(blob).isEqualTo(Blob.ofUtf8("application/octet-stream", "hi?"));
    }

    @Test
    void textThatIsNotBase64IsRejected() {
        assertThat(rejection("\"%%%%\"")).isEqualTo("a blob is base64 text: Illegal base64 character 25");
    }

    @Test
    void aNumberIsNotABlob() {
        assertThat(rejection("5")).isEqualTo("a blob is base64 text, got a number");
    }
}
