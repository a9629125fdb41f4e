package io.tango.plugin.mlflow.client;

import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RemoteErrorReader;

import java.net.URI;

import java.util.regex.Pattern;

/**
 * Turns MLflow's error answers into TANGO's typed errors by MLflow's {@code error_code}, not by HTTP status alone:
 * {@code RESOURCE_DOES_NOT_EXIST} and a missing alias (which MLflow reports as {@code INVALID_PARAMETER_VALUE} with
 * "Registered model alias … not found.") become {@link ModelNotFoundException}; {@code RESOURCE_ALREADY_EXISTS}
 * becomes {@link ModelAlreadyExistsException}; anything else stays a {@link RemoteServiceException} with the code and
 * message. Stateless.
 */
public final class MlflowErrors {
    /** MLflow's code for a missing registered model, version, run or artifact. */
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    /** MLflow's code for a name that is taken. */
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    /** MLflow's code for a bad argument, also used for a missing alias. */
    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";

    private static final Pattern MISSING_ALIAS = Pattern.compile("(?i)registered model alias .* not found.*");

    /** Reads MLflow's error body, {@code {"error_code": ..., "message": ...}}; any other body is its own message. */
    public static final RemoteErrorReader BODY = RemoteErrorReader.jsonFields("error_code", "message");

    private MlflowErrors() {}

    /**
     * @param serviceName how messages name the server
     * @param baseUri the server's base URL
     * @param auth how requests authenticate
     * @param settings timeouts, retries and the size cap
     * @return HTTP to an MLflow server (tracking or scoring), reading {@link #BODY}; the caller closes it
     */
    public static HttpTransport transport(String serviceName, URI baseUri, HttpAuth auth, HttpSettings settings) {
        return new HttpTransport(serviceName, baseUri, auth, settings, BODY, "tango-mlflow-http-");
    }

    /**
     * @param error what MLflow answered
     * @return the typed error for it, with {@code error} as its cause
     */
    public static TangoException classify(RemoteServiceException error) {
        String code = error.remoteCode().orElse("");
        String message = remoteMessage(error);
        if (RESOURCE_DOES_NOT_EXIST.equals(code)
                || (INVALID_PARAMETER_VALUE.equals(code) && MISSING_ALIAS.matcher(message).matches())) {
            return new ModelNotFoundException(error.service() + ": " + message, error);
        }
        if (RESOURCE_ALREADY_EXISTS.equals(code)) {
            ModelAlreadyExistsException exists = new ModelAlreadyExistsException(error.service() + ": " + message);
            exists.initCause(error);
            return exists;
        }
        return error;
    }

    /** @return the message MLflow sent, without the service prefix and the call suffix added by {@link HttpTransport} */
    static String remoteMessage(RemoteServiceException error) {
        String text = error.getMessage();
        int separator = text.indexOf(": ");
        String message = separator >= 0 ? text.substring(separator + 2) : text;
        int call = message.lastIndexOf(" (");
        return call > 0 && message.endsWith(")") ? message.substring(0, call) : message;
    }
}
