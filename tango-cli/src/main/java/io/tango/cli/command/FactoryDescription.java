package io.tango.cli.command;

import io.tango.api.config.ConfigOption;
import io.tango.runtime.config.ConfigValidator;
import io.tango.runtime.plugin.DiscoveredFactory;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A type as its factory declares it — kind, type, description, where it comes from, and its options (key, type,
 * default, range, required, secret, description) — for people and as JSON. Defaults and bounds are shown in their
 * config form ({@code 30s}, {@code 4GiB}); a secret option's default is never shown.
 */
final class FactoryDescription {
    private static final String MASK = "****";

    private FactoryDescription() {}

    static void print(DiscoveredFactory factory, PrintWriter out) {
        new Fields()
                .add("kind", factory.kind().displayName() + " (" + ConfigValidator.MODEL_MANAGEMENT + "." + factory.kind().section() + ")")
                .add("type", factory.type())
                .add("description", orDash(factory.factory().description()))
                .add("class", factory.factory().getClass().getName())
                .add("plugin", factory.plugin())
                .add("location", factory.location())
                .print(out);
        out.println();
        List<ConfigOption<?>> options = factory.factory().options();
        if (options.isEmpty()) {
            out.println("Options: none (its config takes no keys)");
        } else {
            out.println("Options (" + options.size() + "):");
            printOptions(options, out);
        }
    }

    /** Prints a table of options: key, type, default, range, required, secret, description. */
    static void printOptions(List<ConfigOption<?>> options, PrintWriter out) {
        Table table = new Table("KEY", "TYPE", "DEFAULT", "RANGE", "REQUIRED", "SECRET", "DESCRIPTION");
        for (ConfigOption<?> option : options) {
            table.row(option.key(), type(option),
                    option.defaultText().map(value -> option.secret() ? MASK : value.isEmpty() ? "\"\"" : value).orElse("-"),
                    option.rangeText().orElse("-"), yesNo(option.required()), yesNo(option.secret()),
                    orDash(option.description()));
        }
        table.print(out);
    }

    static Map<String, Object> json(DiscoveredFactory factory) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", factory.kind().displayName());
        json.put("section", factory.kind().section());
        json.put("type", factory.type());
        json.put("description", factory.factory().description());
        json.put("class", factory.factory().getClass().getName());
        json.put("plugin", factory.plugin());
        json.put("location", factory.location());
        json.put("options", factory.factory().options().stream().map(FactoryDescription::json).toList());
        return json;
    }

    private static <T> Map<String, Object> json(ConfigOption<T> option) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", option.key());
        json.put("type", option.type().name().toLowerCase(Locale.ROOT));
        json.put("choices", option.choices());
        json.put("default", option.defaultText().map(value -> option.secret() ? MASK : value).orElse(null));
        json.put("minimum", option.minimum().map(option::format).orElse(null));
        json.put("maximum", option.maximum().map(option::format).orElse(null));
        json.put("required", option.required());
        json.put("secret", option.secret());
        json.put("description", option.description());
        return json;
    }

    private static String type(ConfigOption<?> option) {
        String type = option.type().name().toLowerCase(Locale.ROOT);
        return option.choices().isEmpty() ? type : type + "(" + String.join("|", option.choices()) + ")";
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String orDash(String text) {
        return text.isBlank() ? "-" : text;
    }
}
