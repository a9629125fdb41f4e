package io.tango.plugin.deepaas.client;

import io.tango.api.Blob;

import static java.util.Objects.requireNonNull;

/** One part of a {@code multipart/form-data} body: a text field or a file. */
public sealed interface FormPart {

    /** @return the form field's name, the DEEPaaS argument it carries */
    String name();

    /**
     * A text field.
     *
     * @param name the field's name
     * @param value its value
     */
    record Text(String name, String value) implements FormPart {
        public Text {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * A file.
     *
     * @param name the field's name
     * @param file the file's content, content type and (optional) file name
     */
    record File(String name, Blob file) implements FormPart {
        public File {
            requireNonNull(name, "name is null");
            requireNonNull(file, "file is null");
        }
    }
}
