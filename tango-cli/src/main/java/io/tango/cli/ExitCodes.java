package io.tango.cli;

import io.tango.api.InvalidConfigException;
import io.tango.api.InvalidRequestException;
import io.tango.api.NotFoundException;

/**
 * The exit codes of {@code tango}, so scripts can tell a typo from a missing model from a broken server.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>the operation failed (a remote service, a job, an unsupported operation, a plugin)</td></tr>
 *   <tr><td>2</td><td>usage: an unknown command or option, a missing or malformed argument</td></tr>
 *   <tr><td>3</td><td>not found: a model, a deployment, a job, a deployment target</td></tr>
 *   <tr><td>4</td><td>invalid: the configuration or the request (its inputs, a target's settings)</td></tr>
 * </table>
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The operation failed. */
    public static final int FAILURE = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;
    /** What was asked for does not exist. */
    public static final int NOT_FOUND = 3;
    /** The configuration or the request is invalid. */
    public static final int INVALID = 4;

    private ExitCodes() {}

    /**
     * @param error what a command threw
     * @return its exit code
     */
    public static int of(Throwable error) {
        if (error instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (error instanceof InvalidConfigException || error instanceof InvalidRequestException) {
            return INVALID;
        }
        return FAILURE;
    }
}
