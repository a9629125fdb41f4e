package io.tango.plugin.deepaas.client;

import io.tango.api.FieldSpec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One argument of a DEEPaaS model's predict or train call, as the server's OpenAPI description declares it.
 *
 * @param spec its name, type ({@code BYTES} for a file; shape {@code [-1]} for a list), whether it is required, its
 *     default, choices and description
 * @param location where the description says DEEPaaS reads it: {@code query}, {@code formData} or {@code header}
 *     (DEEPaaS 2.x actually reads non-header arguments from the query, a form or a JSON body alike)
 * @param minimum the smallest allowed value, when declared
 * @param minimumExclusive whether {@code minimum} itself is excluded
 * @param maximum the largest allowed value, when declared
 * @param maximumExclusive whether {@code maximum} itself is excluded
 */
public record DeepaasArgument(
        FieldSpec spec,
        String location,
        Optional<BigDecimal> minimum,
        boolean minimumExclusive,
        Optional<BigDecimal> maximum,
        boolean maximumExclusive) {

    /** The argument DEEPaaS turns into content negotiation: read from the {@code Accept} header. */
    public static final String ACCEPT = "accept";

    public DeepaasArgument {
        requireNonNull(spec, "spec is null");
        requireNonNull(location, "location is null");
        requireNonNull(minimum, "minimum is null");
        requireNonNull(maximum, "maximum is null");
    }

    /** @return the argument's name */
    public String name() {
        return spec.name();
    }

    /** @return whether the argument is a file, sent as a file part */
    public boolean isFile() {
        return spec.type() == io.tango.api.DataType.BYTES;
    }

    /** @return whether the argument is read from an HTTP header (DEEPaaS's {@code accept}) */
    public boolean isHeader() {
        return location.equals("header");
    }

    /** @return whether the argument takes a list of values */
    public boolean isList() {
        return spec.shape().equals(List.of(-1L));
    }
}
