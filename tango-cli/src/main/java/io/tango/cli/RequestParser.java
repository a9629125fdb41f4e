package io.tango.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a prediction request from JSON, in TANGO's own form or in any of MLflow's scoring formats, so the body a
 * user sends {@code /invocations} also works with {@code tango models predict} and {@code tango deployments predict}:
 * <ul>
 *   <li>{@code {"sepal_length": [5.1, 6.2], …}}: one named input per key (TANGO's form);
 *   <li>{@code {"dataframe_split": {"columns": [...], "data": [[...], …]}}}: one input per column;
 *   <li>{@code {"dataframe_records": [{"col": v, …}, …]}}, or a bare JSON array of such records: one input per column;
 *   <li>{@code {"inputs": …}} or {@code {"instances": …}}: an object of named tensors, a list of records, or one
 *       unnamed tensor (the input {@value #UNNAMED_INPUT});
 *   <li>with any of them, {@code "params": {…}}: the request's parameters.
 * </ul>
 */
public final class RequestParser {
    /** The input name of a single unnamed tensor ({@code {"inputs": [[…]]}}). */
    public static final String UNNAMED_INPUT = "inputs";

    private static final Set<String> MLFLOW_KEYS = Set.of("dataframe_split", "dataframe_records", "inputs", "instances");
    private static final TypeReference<Object> ANY = new TypeReference<>() {};

    private RequestParser() {}

    /**
     * @param json the request body
     * @param source where it came from, for messages ({@code --input}, a file name, {@code standard input})
     * @return the request
     * @throws InvalidRequestException if it is not JSON or not one of the forms above, saying why
     */
    public static TangoRequest parse(String json, String source) {
        Object body;
        try {
            body = Json.mapper().readValue(json, ANY);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidRequestException("the request from " + source + " is not valid JSON"
                    + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")")
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (body instanceof List<?> records) {
            return TangoRequest.of(columnsOfRecords(records, source));
        }
        if (!(body instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("the request from " + source
                    + " must be a JSON object (or an array of records), got " + describe(body));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        List<String> formats = object.keySet().stream().filter(MLFLOW_KEYS::contains).toList();
        if (formats.size() > 1) {
            throw new InvalidRequestException("the request from " + source + " mixes " + String.join(" and ", formats)
                    + "; give exactly one of dataframe_split, dataframe_records, inputs, instances");
        }
        TangoRequest.Builder request = TangoRequest.builder();
        Object params = object.get("params");
        if (params != null) {
            if (!(params instanceof Map<?, ?> parameters)) {
                throw new InvalidRequestException("'params' in the request from " + source + " must be an object, got " + describe(params));
            }
            parameters.forEach((name, value) -> request.parameter(String.valueOf(name), value));
        }
        Map<String, Object> inputs;
        if (formats.isEmpty()) {
            inputs = new LinkedHashMap<>(object);
            inputs.remove("params");
        } else {
            String format = formats.get(0);
            Object value = object.get(format);
            inputs = switch (format) {
                case "dataframe_split" -> columnsOfSplit(value, source);
                case "dataframe_records" -> {
                    if (!(value instanceof List<?> records)) {
                        throw new InvalidRequestException("'dataframe_records' in the request from " + source
                                + " must be a list of records, got " + describe(value));
                    }
                    yield columnsOfRecords(records, source);
                }
                default -> tensors(format, value, source);
            };
            List<String> others = object.keySet().stream().filter(key -> !key.equals(format) && !key.equals("params")).toList();
            if (!others.isEmpty()) {
                throw new InvalidRequestException("the request from " + source + " has unknown keys " + others
                        + " beside '" + format + "'; only 'params' may go with it");
            }
        }
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("the request from " + source + " has no inputs");
        }
        inputs.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidRequestException("input '" + name + "' in the request from " + source + " is null");
            }
            request.input(name, value);
        });
        return request.build();
    }

    /**
     * Gives an unnamed tensor ({@value #UNNAMED_INPUT}) the names the model declares, as MLflow's scoring server does:
     * to its only input, or, row by row, to its declared columns by position. Any other request is returned as is.
     *
     * @param request a parsed request
     * @param signature the model's signature
     * @return the request with named inputs
     */
    public static TangoRequest bindUnnamed(TangoRequest request, ModelSignature signature) {
        List<FieldSpec> declared = signature.inputs();
        Object unnamed = request.inputs().get(UNNAMED_INPUT);
        if (unnamed == null || request.inputs().size() != 1 || declared.isEmpty() || signature.input(UNNAMED_INPUT).isPresent()) {
            return request;
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (declared.size() == 1) {
            inputs.put(declared.get(0).name(), unnamed);
        } else if (unnamed instanceof List<?> rows && rows.stream().allMatch(row -> row instanceof List<?> cells && cells.size() == declared.size())) {
            for (int column = 0; column < declared.size(); column++) {
                List<Object> values = new ArrayList<>();
                for (Object row : rows) {
                    values.add(((List<?>) row).get(column));
                }
                inputs.put(declared.get(column).name(), values);
            }
        } else {
            return request;
        }
        return new TangoRequest(inputs, request.parameters(), request.accept());
    }

    private static Map<String, Object> columnsOfSplit(Object value, String source) {
        if (!(value instanceof Map<?, ?> split) || !(split.get("columns") instanceof List<?> columns)
                || !(split.get("data") instanceof List<?> rows)) {
            throw new InvalidRequestException("'dataframe_split' in the request from " + source
                    + " must be {\"columns\": [...], \"data\": [[...], ...]}");
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        List<List<Object>> values = new ArrayList<>();
        for (Object column : columns) {
            inputs.put(String.valueOf(column), null);
            values.add(new ArrayList<>());
        }
        int index = 0;
        for (Object row : rows) {
            if (!(row instanceof List<?> cells) || cells.size() != columns.size()) {
                throw new InvalidRequestException("row " + index + " of 'dataframe_split' in the request from " + source
                        + " must be a list of " + columns.size() + " values (one per column), got " + describe(row));
            }
            for (int column = 0; column < cells.size(); column++) {
                values.get(column).add(cells.get(column));
            }
            index++;
        }
        int column = 0;
        for (String name : List.copyOf(inputs.keySet())) {
            inputs.put(name, values.get(column++));
        }
        return inputs;
    }

    private static Map<String, Object> columnsOfRecords(List<?> records, String source) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        int index = 0;
        for (Object record : records) {
            if (!(record instanceof Map<?, ?> fields)) {
                throw new InvalidRequestException("record " + index + " in the request from " + source
                        + " must be an object of column values, got " + describe(record));
            }
            for (Object name : fields.keySet()) {
                columns.computeIfAbsent(String.valueOf(name), key -> new ArrayList<>());
            }
            index++;
        }
        for (Object record : records) {
            Map<?, ?> fields = (Map<?, ?>) record;
            columns.forEach((name, values) -> values.add(fields.get(name)));
        }
        return new LinkedHashMap<>(columns);
    }

    private static Map<String, Object> tensors(String format, Object value, String source) {
        if (value instanceof Map<?, ?> named) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            named.forEach((name, tensor) -> inputs.put(String.valueOf(name), tensor));
            return inputs;
        }
        if (value instanceof List<?> list) {
            if (!list.isEmpty() && list.stream().allMatch(element -> element instanceof Map)) {
                return columnsOfRecords(list, source);
            }
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put(UNNAMED_INPUT, list);
            return inputs;
        }
        throw new InvalidRequestException("'" + format + "' in the request from " + source
                + " must be an object of named tensors or a list, got " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String text) {
            return "the string '" + text + "'";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
