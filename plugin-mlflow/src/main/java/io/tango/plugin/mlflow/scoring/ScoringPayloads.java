package io.tango.plugin.mlflow.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.toolkit.json.PlainValues;
import io.tango.toolkit.json.TangoJsonModule;
import io.tango.toolkit.json.TangoMessageJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Maps TANGO requests to bodies of MLflow's {@code /invocations} and its answers back to TANGO responses.
 *
 * <h2>Request → body</h2>
 * <ul>
 *   <li>A request whose only input is named after a format ({@code dataframe_split}, {@code dataframe_records},
 *       {@code instances}, {@code inputs}) is sent in that format, its value as given: the caller chose.</li>
 *   <li>Otherwise the configured {@link ScoringInputFormat} applies. {@link ScoringInputFormat#AUTO} sends a tabular
 *       request (every input a list of scalars, all of one length: one input per column) as {@code dataframe_split},
 *       and anything else (tensors, nested lists, maps, single values) as {@code inputs} with one entry per
 *       input.</li>
 *   <li>{@code dataframe_split} and {@code dataframe_records} need a tabular request; {@code instances} needs inputs
 *       of one length (one map per row, or the single input's rows); {@code inputs} takes anything.</li>
 *   <li>Tensors become nested lists; blobs become base64 text (MLflow's form of binary columns). The request's
 *       parameters become {@code params}.</li>
 * </ul>
 *
 * <h2>Answer → response</h2>
 * As {@link TangoMessageJson#response} reads it: {@code {"predictions": <value>}} becomes the output
 * {@value TangoResponse#PREDICTIONS}, except that a map of named outputs (e.g. an ONNX model's) becomes one output per
 * name; other top-level keys become metadata. An answer without {@code predictions} (an LLM-style payload) becomes one
 * output per top-level key. Stateless.
 */
public final class ScoringPayloads {
    /** The content type of every JSON body; MLflow refuses any content-type parameter other than charset. */
    public static final String JSON = "application/json";

    private static final Set<String> FORMAT_KEYS = Set.of("dataframe_split", "dataframe_records", "instances", "inputs");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .addModule(new TangoJsonModule())
            .build();

    private ScoringPayloads() {}

    /**
     * @param request the request
     * @param format the format for requests that do not choose one themselves
     * @return the JSON body
     * @throws InvalidRequestException if the request does not fit the format
     */
    public static Blob toBody(TangoRequest request, ScoringInputFormat format) {
        requireNonNull(request, "request is null");
        requireNonNull(format, "format is null");
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> inputs = request.inputs();
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("the request has no inputs; an MLflow scoring server needs at least one");
        }
        if (inputs.size() == 1 && FORMAT_KEYS.contains(inputs.keySet().iterator().next())) {
            String key = inputs.keySet().iterator().next();
            body.put(key, PlainValues.of(inputs.get(key)));
        } else {
            Map<String, Object> columns = new LinkedHashMap<>();
            inputs.forEach((name, value) -> columns.put(name, PlainValues.of(value)));
            ScoringInputFormat chosen = format == ScoringInputFormat.AUTO
                    ? (isTabular(columns) ? ScoringInputFormat.DATAFRAME_SPLIT : ScoringInputFormat.INPUTS)
                    : format;
            body.put(chosen.key(), switch (chosen) {
                case DATAFRAME_SPLIT -> dataframeSplit(columns);
                case DATAFRAME_RECORDS -> records(columns, true, chosen);
                case INSTANCES -> columns.size() == 1 ? rowsOfSingle(columns) : records(columns, false, chosen);
                case INPUTS, AUTO -> columns;
            });
        }
        if (!request.parameters().isEmpty()) {
            body.put("params", request.parameters());
        }
        try {
            return Blob.of(JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the request cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param body an answer of {@code /invocations}
     * @param service how errors name the server
     * @return the response
     * @throws RemoteServiceException if the answer is not JSON
     */
    public static TangoResponse fromBody(Blob body, String service) {
        requireNonNull(body, "body is null");
        JsonNode root;
        try {
            root = MAPPER.readTree(body.bytes());
        } catch (IOException e) {
            // Not the parser's message: it quotes the body, which is the server's and may echo anything.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException parse
                    && parse.getLocation() != null
                    ? ", line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() : "";
            throw new RemoteServiceException(service, 200, null, false,
                    "the answer to POST /invocations is not JSON (" + body.contentType() + ", "
                            + body.bytes().length + " bytes" + where + ")");
        }
        return TangoMessageJson.response(root);
    }

    /** Every input a list of scalars, all of one length. */
    static boolean isTabular(Map<String, Object> columns) {
        int length = -1;
        for (Object value : columns.values()) {
            if (!(value instanceof List<?> list)) {
                return false;
            }
            for (Object cell : list) {
                if (cell instanceof List<?> || cell instanceof Map<?, ?>) {
                    return false;
                }
            }
            if (length >= 0 && list.size() != length) {
                return false;
            }
            length = list.size();
        }
        return true;
    }

    private static Map<String, Object> dataframeSplit(Map<String, Object> columns) {
        requireTabular(columns, ScoringInputFormat.DATAFRAME_SPLIT);
        int rows = rowCount(columns);
        List<List<Object>> data = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            List<Object> cells = new ArrayList<>(columns.size());
            for (Object column : columns.values()) {
                cells.add(((List<?>) column).get(row));
            }
            data.add(cells);
        }
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", new ArrayList<>(columns.keySet()));
        split.put("data", data);
        return split;
    }

    private static List<Map<String, Object>> records(
            Map<String, Object> columns, boolean scalarCells, ScoringInputFormat format) {
        if (scalarCells) {
            requireTabular(columns, format);
        } else {
            requireAligned(columns, format);
        }
        return PlainValues.rowRecords(columns);
    }

    private static Object rowsOfSingle(Map<String, Object> columns) {
        Object only = columns.values().iterator().next();
        if (!(only instanceof List<?>)) {
            throw new InvalidRequestException("input '" + columns.keySet().iterator().next()
                    + "' must be a list of rows for MLflow's instances format, got a single value");
        }
        return only;
    }

    private static int rowCount(Map<String, Object> columns) {
        return columns.isEmpty() ? 0 : ((List<?>) columns.values().iterator().next()).size();
    }

    private static void requireTabular(Map<String, Object> columns, ScoringInputFormat format) {
        if (!isTabular(columns)) {
            throw new InvalidRequestException("MLflow's " + format.key() + " format needs a tabular request: every "
                    + "input a list of scalar values (one input per column), all of one length; got inputs "
                    + describe(columns));
        }
    }

    private static void requireAligned(Map<String, Object> columns, ScoringInputFormat format) {
        int length = -1;
        for (Object value : columns.values()) {
            if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
                throw new InvalidRequestException("MLflow's " + format.key() + " format needs inputs that are lists "
                        + "of one length (one element per row); got inputs " + describe(columns));
            }
            length = list.size();
        }
    }

    private static String describe(Map<String, Object> columns) {
        List<String> parts = new ArrayList<>();
        columns.forEach((name, value) -> parts.add(name + " (" + (value instanceof List<?> list
                ? "list of " + list.size()
                : value == null ? "null" : value.getClass().getSimpleName()) + ")"));
        return String.join(", ", parts);
    }
}
