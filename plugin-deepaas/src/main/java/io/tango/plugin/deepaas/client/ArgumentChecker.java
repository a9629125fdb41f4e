package io.tango.plugin.deepaas.client;

import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.Tensor;
import io.tango.toolkit.http.MultipartBody;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Turns a call's arguments into the form parts DEEPaaS reads, checking them first against the model's declared
 * arguments the way the server's webargs/marshmallow would: unknown names, missing required arguments, types,
 * choices and numeric ranges. Every problem is reported in one {@link InvalidRequestException}, each naming the
 * argument, what it got and what is allowed.
 *
 * <p>Values are sent as DEEPaaS expects them: numbers, booleans and strings as text fields (integers without a
 * fraction, booleans as {@code true}/{@code false}), lists as one field per element, maps as JSON text, {@link Blob}s
 * as file parts, and {@code accept} as the {@code Accept} header. Defaults are not sent: the server applies them.
 * Stateless.
 */
public final class ArgumentChecker {
    private static final Set<String> TRUTHY = Set.of("t", "true", "on", "y", "yes", "1");
    private static final Set<String> FALSY = Set.of("f", "false", "off", "n", "no", "0");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ArgumentChecker() {}

    /**
     * The parts of a call and its {@code Accept} header.
     *
     * @param parts the form parts, in the order the arguments were given
     * @param accept the {@code Accept} header to send, if any
     */
    public record Checked(List<FormPart> parts, Optional<String> accept) {
        public Checked {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
            requireNonNull(accept, "accept is null");
        }

        /**
         * @return the parts as the {@code multipart/form-data} body DEEPaaS 2.x reads every argument from: text fields
         *     for scalars, file parts for files (each with a file name, which aiohttp needs to hand it over as a file)
         */
        public Blob body() {
            MultipartBody.Builder form = MultipartBody.builder();
            for (FormPart part : parts) {
                if (part instanceof FormPart.File file) {
                    form.file(part.name(), file.file().fileName().orElse(part.name()), file.file().contentType(),
                            file.file().bytes());
                } else {
                    form.text(part.name(), ((FormPart.Text) part).value());
                }
            }
            MultipartBody body = form.build();
            return Blob.of(body.contentType(), body.bytes());
        }
    }

    /**
     * Checks the arguments of a call and converts them.
     *
     * @param what the call, for messages: {@code predict request for DEEPaaS model 'demo'}
     * @param declared the model's declared arguments
     * @param given the arguments, by name
     * @param accept the content type the caller wants back, if any; also accepted as an argument named
     *     {@code accept}
     * @return the parts and header to send
     * @throws InvalidRequestException listing every problem found
     */
    public static Checked check(String what, List<DeepaasArgument> declared, Map<String, Object> given, Optional<String> accept) {
        requireNonNull(what, "what is null");
        requireNonNull(declared, "declared is null");
        requireNonNull(given, "given is null");
        requireNonNull(accept, "accept is null");
        Map<String, DeepaasArgument> byName = new LinkedHashMap<>();
        declared.forEach(argument -> byName.put(argument.name(), argument));
        List<String> problems = new ArrayList<>();
        List<FormPart> parts = new ArrayList<>();

        Optional<String> acceptValue = accept;
        if (given.containsKey(DeepaasArgument.ACCEPT)) {
            Object value = given.get(DeepaasArgument.ACCEPT);
            if (!(value instanceof String text)) {
                problems.add("argument 'accept' must be a content type string, got " + describe(value));
            } else if (accept.isPresent() && !accept.get().equals(text)) {
                problems.add("argument 'accept' is '" + text + "' but the request accepts '" + accept.get() + "'");
            } else {
                acceptValue = Optional.of(text);
            }
        }

        for (Map.Entry<String, Object> entry : given.entrySet()) {
            String name = entry.getKey();
            if (name.equals(DeepaasArgument.ACCEPT)) {
                continue;
            }
            DeepaasArgument argument = byName.get(name);
            if (argument == null || argument.isHeader()) {
                problems.add("argument '" + name + "' is not declared; declared: " + declaredNames(declared));
                continue;
            }
            convert(argument, entry.getValue(), parts, problems);
        }

        for (DeepaasArgument argument : declared) {
            boolean given0 = given.containsKey(argument.name())
                    || argument.name().equals(DeepaasArgument.ACCEPT) && acceptValue.isPresent();
            if (argument.spec().required() && !given0) {
                problems.add("argument '" + argument.name() + "' is required (" + typeText(argument.spec())
                        + (argument.spec().description().isEmpty() ? "" : ": " + argument.spec().description()) + ")");
            }
        }

        Optional<DeepaasArgument> acceptArgument = Optional.ofNullable(byName.get(DeepaasArgument.ACCEPT))
                .filter(DeepaasArgument::isHeader);
        if (acceptValue.isPresent()) {
            String value = acceptValue.get();
            if (acceptArgument.isPresent()) {
                List<String> choices = acceptArgument.get().spec().choices();
                if (!choices.isEmpty() && !choices.contains(value)) {
                    problems.add("accept must be one of " + choices + ", got '" + value + "'");
                }
            } else if (!value.equals("application/json") && !value.equals("*/*")) {
                problems.add("accept must be application/json (the model declares no 'accept' argument, so it"
                        + " answers JSON only), got '" + value + "'");
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid " + what + ": " + String.join("; ", problems));
        }
        return new Checked(parts, acceptValue);
    }

    /**
     * Converts the arguments without checking them, for a model whose client-side checks are turned off: the server
     * then validates them and answers 422 for what it rejects.
     *
     * @param given the arguments, by name
     * @param accept the content type wanted back, if any; also taken from an argument named {@code accept}
     * @return the parts and header to send
     */
    public static Checked passThrough(Map<String, Object> given, Optional<String> accept) {
        requireNonNull(given, "given is null");
        requireNonNull(accept, "accept is null");
        List<FormPart> parts = new ArrayList<>();
        Optional<String> acceptValue = accept;
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            if (entry.getKey().equals(DeepaasArgument.ACCEPT) && acceptValue.isEmpty()) {
                acceptValue = Optional.of(String.valueOf(entry.getValue()));
                continue;
            }
            addRaw(entry.getKey(), entry.getValue(), parts);
        }
        return new Checked(parts, acceptValue);
    }

    private static void addRaw(String name, Object value, List<FormPart> parts) {
        if (value instanceof Blob blob) {
            parts.add(new FormPart.File(name, blob));
        } else if (value instanceof List<?> list) {
            list.forEach(element -> addRaw(name, element, parts));
        } else if (value instanceof Map<?, ?> || value instanceof Tensor) {
            Object plain = value instanceof Tensor tensor ? tensor.toNestedList() : value;
            parts.add(new FormPart.Text(name, jsonText(plain).orElseThrow(() -> new InvalidRequestException(
                    "Invalid request: argument '" + name + "' " + NOT_JSON))));
        } else {
            parts.add(new FormPart.Text(name, text(value)));
        }
    }

    private static void convert(DeepaasArgument argument, Object value, List<FormPart> parts, List<String> problems) {
        FieldSpec spec = argument.spec();
        String name = argument.name();
        if (argument.isList()) {
            if (!(value instanceof List<?> list)) {
                problems.add("argument '" + name + "' must be a list of " + spec.type() + ", got " + describe(value));
                return;
            }
            for (Object element : list) {
                convertScalar(argument, element, parts, problems);
            }
            return;
        }
        convertScalar(argument, value, parts, problems);
    }

    private static void convertScalar(DeepaasArgument argument, Object value, List<FormPart> parts, List<String> problems) {
        FieldSpec spec = argument.spec();
        String name = argument.name();
        String prefix = "argument '" + name + "' ";
        if (value == null) {
            problems.add(prefix + "must not be null");
            return;
        }
        if (spec.type() == DataType.BYTES) {
            if (value instanceof Blob blob) {
                parts.add(new FormPart.File(name, blob));
            } else {
                problems.add(prefix + "is a file: pass a Blob (Blob.ofFile), got " + describe(value));
            }
            return;
        }
        if (value instanceof Blob) {
            problems.add(prefix + "is " + typeText(spec) + ", not a file, got " + describe(value));
            return;
        }
        String text;
        switch (spec.type()) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> {
                Optional<BigDecimal> number = integer(value);
                if (number.isEmpty()) {
                    problems.add(prefix + "must be an integer (" + spec.type() + "), got " + describe(value));
                    return;
                }
                if (!inRange(argument, number.get(), prefix, problems)) {
                    return;
                }
                text = number.get().toBigIntegerExact().toString();
            }
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> {
                Optional<BigDecimal> number = decimal(value);
                if (number.isEmpty()) {
                    problems.add(prefix + "must be a finite number (" + spec.type() + "), got " + describe(value));
                    return;
                }
                if (!inRange(argument, number.get(), prefix, problems)) {
                    return;
                }
                text = value instanceof String string ? string.trim() : number.get().toString();
            }
            case BOOLEAN -> {
                Optional<Boolean> flag = bool(value);
                if (flag.isEmpty()) {
                    problems.add(prefix + "must be a boolean (true or false), got " + describe(value));
                    return;
                }
                text = flag.get().toString();
            }
            case STRING -> {
                if (!(value instanceof String string)) {
                    problems.add(prefix + "must be a string, got " + describe(value));
                    return;
                }
                text = string;
            }
            case OBJECT -> {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    Optional<String> json = jsonText(value);
                    if (json.isEmpty()) {
                        problems.add(prefix + NOT_JSON);
                        return;
                    }
                    text = json.get();
                } else if (value instanceof String string) {
                    text = string;
                } else {
                    problems.add(prefix + "must be a map or a list, got " + describe(value));
                    return;
                }
            }
            default -> {
                if (value instanceof Tensor) {
                    problems.add(prefix + "must be a scalar, a list or a file, got " + describe(value));
                    return;
                }
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    Optional<String> json = jsonText(value);
                    if (json.isEmpty()) {
                        problems.add(prefix + NOT_JSON);
                        return;
                    }
                    text = json.get();
                } else {
                    text = text(value);
                }
            }
        }
        if (!spec.choices().isEmpty() && !spec.choices().contains(text)) {
            problems.add(prefix + "must be one of " + spec.choices() + ", got " + quoted(value));
            return;
        }
        parts.add(new FormPart.Text(name, text));
    }

    private static boolean inRange(DeepaasArgument argument, BigDecimal number, String prefix, List<String> problems) {
        if (argument.minimum().isPresent()) {
            int comparison = number.compareTo(argument.minimum().get());
            if (comparison < 0 || comparison == 0 && argument.minimumExclusive()) {
                problems.add(prefix + "must be " + (argument.minimumExclusive() ? "greater than " : "at least ")
                        + plain(argument.minimum().get()) + ", got " + plain(number));
                return false;
            }
        }
        if (argument.maximum().isPresent()) {
            int comparison = number.compareTo(argument.maximum().get());
            if (comparison > 0 || comparison == 0 && argument.maximumExclusive()) {
                problems.add(prefix + "must be " + (argument.maximumExclusive() ? "less than " : "at most ")
                        + plain(argument.maximum().get()) + ", got " + plain(number));
                return false;
            }
        }
        return true;
    }

    private static Optional<BigDecimal> integer(Object value) {
        if (value instanceof Boolean) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(value);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal stripped = number.get().stripTrailingZeros();
        if (stripped.scale() > 0 || stripped.compareTo(LONG_MIN) < 0 || stripped.compareTo(LONG_MAX) > 0) {
            return Optional.empty();
        }
        return Optional.of(stripped.setScale(0));
    }

    private static Optional<BigDecimal> decimal(Object value) {
        try {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return Optional.of(BigDecimal.valueOf(((Number) value).longValue()));
            }
            if (value instanceof BigInteger integer) {
                return Optional.of(new BigDecimal(integer));
            }
            if (value instanceof BigDecimal decimal) {
                return Optional.of(decimal);
            }
            if (value instanceof Double || value instanceof Float) {
                double number = ((Number) value).doubleValue();
                return Double.isFinite(number) ? Optional.of(new BigDecimal(Double.toString(number))) : Optional.empty();
            }
            if (value instanceof String text) {
                String trimmed = text.trim();
                double number = Double.parseDouble(trimmed);
                return Double.isFinite(number) ? Optional.of(new BigDecimal(trimmed)) : Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Boolean> bool(Object value) {
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        String text = value instanceof String string ? string.trim().toLowerCase(Locale.ROOT)
                : value instanceof Integer || value instanceof Long ? value.toString() : null;
        if (text == null) {
            return Optional.empty();
        }
        if (TRUTHY.contains(text)) {
            return Optional.of(true);
        }
        if (FALSY.contains(text)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** Why a map or list holding a file or tensor cannot be sent: it goes as JSON text, and those have no JSON form. */
    private static final String NOT_JSON = "holds a Blob or Tensor inside a list or map, which has no JSON form;"
            + " pass files as arguments of their own";

    /** @return the JSON text of a map or list of plain values; empty if it holds a Blob or Tensor */
    private static Optional<String> jsonText(Object value) {
        try {
            return Optional.of(Json.write(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return plain(decimal);
        }
        return String.valueOf(value);
    }

    /**
     * @param number a number
     * @return its plain text ({@code 0.001}, {@code 1000}), or its scientific text when the plain one would be longer
     *     than 100 characters ({@code 1E-999999999} would otherwise be written out in full)
     */
    static String plain(BigDecimal number) {
        long plainLength = (long) number.precision() + Math.abs((long) number.scale());
        return plainLength <= 100 ? number.toPlainString() : number.toString();
    }

    private static String typeText(FieldSpec spec) {
        String type = spec.type() == DataType.BYTES ? "a file" : spec.type().toString();
        return spec.shape().equals(List.of(-1L)) ? "a list of " + type : type;
    }

    private static String declaredNames(List<DeepaasArgument> declared) {
        return declared.isEmpty() ? "(none)" : declared.stream().map(DeepaasArgument::name).collect(Collectors.joining(", "));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value.getClass().getSimpleName() + " " + quoted(value);
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}
