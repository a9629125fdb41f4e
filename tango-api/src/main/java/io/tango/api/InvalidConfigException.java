package io.tango.api;

import io.tango.api.config.ConfigProblem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration is wrong. Holds <em>every</em> problem found, each with its full path, so one run shows them all.
 *
 * <p>The message lists the problems one per line, e.g.
 * <pre>
 * Invalid configuration (2 problems):
 *   - model_management.finders.default.type: unknown finder type 'LOCL'. Did you mean 'LOCAL'? Available: LOCAL, MULTI
 *   - model_management.trainers.default.config.threads: expected an integer, got 'four'
 * </pre>
 * Secret values never appear in it.
 */
public class InvalidConfigException extends TangoException {
    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    /** @param problems every problem found; at least one */
    public InvalidConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * A single problem.
     *
     * @param path the full path of the offending key, e.g. {@code model_management.finders.default.config.root}
     * @param message what is wrong and how to fix it
     */
    public InvalidConfigException(String path, String message) {
        this(List.of(new ConfigProblem(path, message)));
    }

    private static String format(List<ConfigProblem> problems) {
        if (problems == null) {
            throw new NullPointerException("problems is null");
        }
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems is empty");
        }
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0);
        }
        return problems.stream()
                .map(problem -> "  - " + problem)
                .collect(Collectors.joining("\n", "Invalid configuration (" + problems.size() + " problems):\n", ""));
    }

    /** @return every problem found, in the order they were found; never empty */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
