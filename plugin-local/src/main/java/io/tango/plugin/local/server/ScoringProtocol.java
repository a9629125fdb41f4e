package io.tango.plugin.local.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.CapacityExceededException;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.NotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.engine.TabularData;
import io.tango.plugin.local.engine.TabularLayout;
import io.tango.plugin.local.store.Json;
import io.tango.toolkit.json.PlainValues;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's scoring protocol ({@code POST /invocations}), without HTTP: parses bodies into {@link TangoRequest}s and
 * writes {@code {"predictions": …}} answers and MLflow's error bodies.
 *
 * <p>Requests: {@code application/json} (UTF-8) with exactly one of {@code dataframe_split}, {@code dataframe_records},
 * {@code instances}, {@code inputs}, plus optional {@code params} (passed as request parameters); or {@code text/csv}
 * with a header line. Named columns become one request input per column; unnamed rows go to the model's declared
 * columns by position, or to its only input.
 *
 * <p>Answers: one output is {@code {"predictions": <its values>}}; several outputs are a list of per-row records for
 * data-frame requests (as MLflow returns a DataFrame) and a map from output name to values for tensor requests.
 */
public final class ScoringProtocol {
    /** The four input fields MLflow's scoring server accepts. */
    public static final List<String> INPUT_FIELDS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

    /** Writes answers without indentation; made once, as an {@code ObjectWriter} is immutable and thread-safe. */
    private static final ObjectWriter COMPACT = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private ScoringProtocol() {}

    /**
     * @param body the request body
     * @param contentType the request's content type header, may be null
     * @param model the served model's descriptor (for unnamed rows)
     * @return the parsed request
     * @throws InvalidRequestException if the body is not a valid scoring request
     * @throws UnsupportedContentTypeException if the content type is not JSON or CSV in UTF-8
     */
    public static ScoringRequest parse(byte[] body, String contentType, ModelDescriptor model) {
        String mediaType = mediaType(contentType);
        if (mediaType.equals("text/csv")) {
            return parseCsv(body);
        }
        if (!mediaType.equals("application/json")) {
            throw new UnsupportedContentTypeException("This predictor only supports the following content types:"
                    + " Types: ['text/csv', 'application/json']. Got '" + contentType + "'.");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new InvalidRequestException("Failed to parse the input as JSON: " + detail, e);
        }
        if (root == null || !root.isObject()) {
            throw formatError();
        }
        List<String> present = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (INPUT_FIELDS.contains(name)) {
                present.add(name);
            } else if (!name.equals("params")) {
                throw new InvalidRequestException("unknown field '" + name + "'. " + formatError().getMessage());
            }
        }
        if (present.size() != 1) {
            throw formatError();
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        JsonNode params = root.get("params");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw new InvalidRequestException("'params' must be a JSON object, got " + params.getNodeType());
            }
            params.properties().forEach(entry -> parameters.put(entry.getKey(), PlainValues.fromJson(entry.getValue())));
        }
        String field = present.get(0);
        JsonNode input = root.get(field);
        return switch (field) {
            case "dataframe_split" -> dataframeSplit(input, parameters, model);
            case "dataframe_records" -> new ScoringRequest(request(records(input, "dataframe_records"), parameters), ScoringFormat.DATAFRAME);
            case "instances" -> instances(input, parameters, model);
            default -> inputs(input, parameters, model);
        };
    }

    private static InvalidRequestException formatError() {
        return new InvalidRequestException("The input must be a JSON dictionary with exactly one of the input fields"
                + " {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}, optionally with 'params'. For example"
                + " {\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1]]}} or {\"inputs\": {\"x\": [[1.0, 2.0]]}}.");
    }

    private static ScoringRequest dataframeSplit(JsonNode split, Map<String, Object> parameters, ModelDescriptor model) {
        if (!split.isObject() || !split.has("data") || !split.get("data").isArray()) {
            throw new InvalidRequestException("'dataframe_split' must be an object with 'data' (a list of rows) and"
                    + " optionally 'columns' and 'index'");
        }
        JsonNode data = split.get("data");
        JsonNode columns = split.get("columns");
        if (columns == null || columns.isNull()) {
            return new ScoringRequest(request(unnamedRows(data, "dataframe_split", model), parameters), ScoringFormat.DATAFRAME);
        }
        if (!columns.isArray()) {
            throw new InvalidRequestException("'dataframe_split.columns' must be a list of column names");
        }
        List<String> names = new ArrayList<>();
        columns.forEach(column -> names.add(column.asText()));
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new InvalidRequestException("'dataframe_split.columns' repeats a column: " + names);
        }
        // Columns by position, so a cell costs no map lookup; the map is built once, with no copy.
        List<List<Object>> columnValues = new ArrayList<>(names.size());
        Map<String, Object> byColumn = new LinkedHashMap<>();
        for (String name : names) {
            List<Object> values = new ArrayList<>(data.size());
            columnValues.add(values);
            byColumn.put(name, values);
        }
        int index = 0;
        for (JsonNode row : data) {
            if (!row.isArray() || row.size() != names.size()) {
                throw new InvalidRequestException("'dataframe_split.data' row " + index + " has "
                        + (row.isArray() ? row.size() + " values" : "no list") + "; 'columns' names " + names.size());
            }
            for (int c = 0; c < names.size(); c++) {
                columnValues.get(c).add(PlainValues.fromJson(row.get(c)));
            }
            index++;
        }
        return new ScoringRequest(request(byColumn, parameters), ScoringFormat.DATAFRAME);
    }

    private static Map<String, Object> records(JsonNode records, String field) {
        if (!records.isArray()) {
            throw new InvalidRequestException("'" + field + "' must be a list of records (objects from column to value)");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw new InvalidRequestException("'" + field + "' must be a list of records (objects from column to value)");
            }
            record.fieldNames().forEachRemaining(names::add);
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String name : names) {
            List<Object> values = new ArrayList<>(records.size());
            for (JsonNode record : records) {
                values.add(PlainValues.fromJson(record.get(name)));
            }
            columns.put(name, values);
        }
        return columns;
    }

    private static ScoringRequest instances(JsonNode instances, Map<String, Object> parameters, ModelDescriptor model) {
        if (instances.isObject()) {
            return inputs(instances, parameters, model);
        }
        if (!instances.isArray()) {
            throw new InvalidRequestException("'instances' must be a list of rows or records");
        }
        if (instances.size() > 0 && instances.get(0).isObject()) {
            return new ScoringRequest(request(records(instances, "instances"), parameters), ScoringFormat.DATAFRAME);
        }
        return new ScoringRequest(request(unnamedRows(instances, "instances", model), parameters), ScoringFormat.TENSOR);
    }

    private static ScoringRequest inputs(JsonNode inputs, Map<String, Object> parameters, ModelDescriptor model) {
        if (inputs.isObject()) {
            Map<String, Object> named = new LinkedHashMap<>();
            inputs.properties().forEach(entry -> named.put(entry.getKey(), PlainValues.fromJson(entry.getValue())));
            return new ScoringRequest(request(named, parameters), ScoringFormat.TENSOR);
        }
        if (inputs.isArray()) {
            return new ScoringRequest(request(unnamedRows(inputs, "inputs", model), parameters), ScoringFormat.TENSOR);
        }
        throw new InvalidRequestException("'inputs' must be an object from input name to values, or a list");
    }

    /** Rows without column names: by position to the model's declared columns, or whole to its only input. */
    private static Map<String, Object> unnamedRows(JsonNode rows, String field, ModelDescriptor model) {
        List<String> columns = TabularLayout.of(model).columns();
        boolean positional = !columns.isEmpty() && rows.size() > 0;
        for (JsonNode row : rows) {
            positional &= row.isArray() && row.size() == columns.size();
        }
        if (positional) {
            Map<String, Object> byColumn = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                List<Object> values = new ArrayList<>(rows.size());
                for (JsonNode row : rows) {
                    values.add(PlainValues.fromJson(row.get(c)));
                }
                byColumn.put(columns.get(c), values);
            }
            return byColumn;
        }
        List<FieldSpec> inputs = model.signature().inputs();
        if (inputs.size() == 1) {
            Map<String, Object> single = new LinkedHashMap<>();
            single.put(inputs.get(0).name(), PlainValues.fromJson(rows));
            return single;
        }
        throw new InvalidRequestException("'" + field + "' holds rows without column names, so the model must declare"
                + " its columns or have exactly one input; model '" + model.name() + "' has "
                + (columns.isEmpty() ? inputs.size() + " inputs " + inputs.stream().map(FieldSpec::name).toList()
                        : "columns " + columns + " (each row needs " + columns.size() + " values)")
                + ". Name the columns with 'dataframe_split.columns' or send 'inputs' as an object.");
    }

    private static ScoringRequest parseCsv(byte[] body) {
        try {
            TabularData table = TabularData.readCsv("the CSV body", new StringReader(new String(body, StandardCharsets.UTF_8)));
            Map<String, Object> columns = new LinkedHashMap<>();
            for (String column : table.columns()) {
                columns.put(column, table.column(column));
            }
            return new ScoringRequest(TangoRequest.of(columns), ScoringFormat.DATAFRAME);
        } catch (IOException e) {
            throw new InvalidRequestException("Failed to parse the input as CSV: " + e.getMessage(), e);
        }
    }

    private static TangoRequest request(Map<String, Object> inputs, Map<String, Object> parameters) {
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("the request holds no input");
        }
        // A JSON null may stand inside a column (a missing value), not for a whole input or parameter.
        inputs.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidRequestException("input '" + name + "' is null; give its values (a list, a number or a"
                        + " string)");
            }
        });
        parameters.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidRequestException("'params." + name + "' is null; give a value or leave it out");
            }
        });
        return new TangoRequest(inputs, parameters, java.util.Optional.empty());
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json";
        }
        // -1 keeps empty parts: ";;" splits into three empty ones (an empty type), not into none.
        String[] parts = contentType.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.isEmpty()) {
                continue;
            }
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new UnsupportedContentTypeException("The scoring server only supports UTF-8");
                }
            } else {
                throw new UnsupportedContentTypeException("Unrecognized content type parameters: " + parameter
                        + ". Send 'application/json' with one of the fields " + INPUT_FIELDS + ", or 'text/csv'.");
            }
        }
        return type;
    }

    /**
     * @param response the model's answer
     * @param format the form of the request
     * @return the answer body, {@code {"predictions": …}}
     */
    public static byte[] predictions(TangoResponse response, ScoringFormat format) {
        // What a TangoResponse of the outputs with no metadata serializes to, without copying the outputs into one.
        Map<String, Object> produced = response.outputs();
        Object predictions = produced.size() == 1 ? produced.values().iterator().next() : produced;
        if (produced.size() > 1 && format == ScoringFormat.DATAFRAME) {
            Map<String, Object> outputs = new LinkedHashMap<>();
            produced.forEach((name, value) -> outputs.put(name, PlainValues.of(value)));
            if (sameRowCount(outputs)) {
                predictions = PlainValues.rowRecords(outputs);
            }
        }
        try {
            return COMPACT.writeValueAsBytes(Collections.singletonMap(TangoResponse.PREDICTIONS, predictions));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write predictions", e);
        }
    }

    private static boolean sameRowCount(Map<String, Object> outputs) {
        int rows = -1;
        for (Object value : outputs.values()) {
            if (!(value instanceof List<?> list)) {
                return false;
            }
            if (rows >= 0 && list.size() != rows) {
                return false;
            }
            rows = list.size();
        }
        return rows >= 0;
    }

    /**
     * Maps an error to MLflow's error body and an HTTP status: bad requests are 400 {@code BAD_REQUEST}, an unknown
     * deployment 404 {@code RESOURCE_DOES_NOT_EXIST}, a full server or an unloaded model 503, anything else 500 with
     * MLflow's "unexpected error" message.
     *
     * @param error what went wrong
     * @return the status and body
     */
    public static ScoringError error(Throwable error) {
        if (error instanceof UnsupportedContentTypeException) {
            return new ScoringError(415, "BAD_REQUEST", error.getMessage());
        }
        if (error instanceof InvalidRequestException || error instanceof UnsupportedTangoOperationException) {
            return new ScoringError(400, "BAD_REQUEST", error.getMessage());
        }
        if (error instanceof NotFoundException) {
            return new ScoringError(404, "RESOURCE_DOES_NOT_EXIST", error.getMessage());
        }
        if (error instanceof CapacityExceededException || error instanceof ModelNotReadyException) {
            return new ScoringError(503, "TEMPORARILY_UNAVAILABLE", error.getMessage());
        }
        return new ScoringError(500, "INTERNAL_ERROR", "Encountered an unexpected error while evaluating the model. Verify"
                + " that the input is compatible with the model for inference. Error '" + error.getMessage() + "'");
    }

    /**
     * @param code MLflow's error code, e.g. {@code BAD_REQUEST}
     * @param message the message
     * @return the error body {@code {"error_code": …, "message": …}}
     */
    public static byte[] errorBody(String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("error_code", code);
        body.put("message", message);
        return Json.compact(body).getBytes(StandardCharsets.UTF_8);
    }
}
