package io.tango.cli.command;

import io.tango.runtime.config.ConfigValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads a duration as the configuration does: {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code PT30S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return ConfigValues.asDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 500ms, 5m, 2h)");
        }
    }
}
