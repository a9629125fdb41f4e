package io.tango.cli.command;

import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.cli.Json;
import io.tango.cli.RequestParser;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a prediction request comes from and where its answer goes: {@code --input JSON}, {@code -I/--input-path FILE}
 * ({@code -} for standard input; standard input is also the default), {@code -O/--output-path FILE}.
 */
final class RequestOptions {
    @Option(names = "--input", paramLabel = "JSON", description = "The request as JSON text (see the formats below).")
    String inline;

    @Option(names = {"-I", "--input-path"}, paramLabel = "FILE",
            description = "File holding the request as JSON; '-' for standard input (the default).")
    String inputPath;

    @Option(names = {"-O", "--output-path"}, paramLabel = "FILE",
            description = "File to write the result to (JSON); standard output by default.")
    Path outputPath;

    /** The help text of the request formats, line by line, printed verbatim by the commands that read requests. */
    static final String FORMATS = "Request formats (JSON), as MLflow's scoring server accepts them:";
    static final String FORMAT_NAMED = "  {\"a\": [1.0, 2.0], \"b\": [3.0, 4.0]}                 one named input per key";
    static final String FORMAT_SPLIT = "  {\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1.0, 3.0], [2.0, 4.0]]}}";
    static final String FORMAT_RECORDS = "  {\"dataframe_records\": [{\"a\": 1.0, \"b\": 3.0}]}    or a bare array of records";
    static final String FORMAT_TENSORS = "  {\"inputs\": {\"x\": [[1.0, 2.0]]}}, {\"instances\": [...]}  named or unnamed tensors";
    static final String FORMAT_PARAMS = "  \"params\": {...} beside any of them: the request's parameters";

    /**
     * @param in standard input
     * @param conflict builds the usage error when both {@code --input} and {@code --input-path} are given
     * @return the request
     */
    TangoRequest read(InputStream in, java.util.function.Function<String, ParameterException> conflict) {
        if (inline != null && inputPath != null) {
            throw conflict.apply("give the request either with --input or with --input-path, not both");
        }
        if (inline != null) {
            return RequestParser.parse(inline, "--input");
        }
        if (inputPath == null || inputPath.equals("-")) {
            try {
                return RequestParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "standard input");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
            }
        }
        Path file = Path.of(inputPath);
        try {
            return RequestParser.parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("input file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a result as JSON to {@code --output-path}, or to standard output.
     *
     * @param result the JSON value
     * @param out standard output
     * @return the file written, when one was
     */
    Optional<Path> write(Map<String, Object> result, PrintWriter out) {
        String json = Json.write(result);
        if (outputPath == null) {
            out.println(json);
            return Optional.empty();
        }
        try {
            Path parent = outputPath.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(outputPath, json + System.lineSeparator());
            return Optional.of(outputPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output file " + outputPath + ": " + e.getMessage(), e);
        }
    }
}
