package io.tango.runtime.builtin;

import io.tango.api.TangoException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the error a MULTI component raises when none of its members succeeded and some failed. */
final class Failures {
    private Failures() {}

    static TangoException of(String what, Map<String, RuntimeException> failures, int tried) {
        String list = failures.entrySet().stream()
                .map(entry -> "  - " + entry.getKey() + ": " + entry.getValue().getClass().getSimpleName() + ": " + entry.getValue().getMessage())
                .collect(Collectors.joining("\n"));
        TangoException error = new TangoException(what + "; " + failures.size() + " of " + tried + " failed:\n" + list);
        List.copyOf(failures.values()).forEach(error::addSuppressed);
        return error;
    }
}
