package io.tango.plugin.devo.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An INI file read with the rules of Python's {@code configparser.ConfigParser()} defaults, which is what the Python
 * client reads profile files with; its behaviour is checked against Python's by the fidelity tests.
 *
 * <p>Rules: {@code [section]} headers (case-sensitive); {@code key = value} or {@code key: value} (the first
 * {@code =} or {@code :} separates; keys are lower-cased and trimmed, values trimmed); whole-line comments starting
 * with {@code #} or {@code ;} (no inline comments: {@code a = b ; c} has value {@code b ; c}); a line indented deeper
 * than its key's continues the value, blank lines inside kept; {@code [DEFAULT]} values are inherited by every
 * section; a duplicate section or a duplicate key in a section is an error (strict mode); a key before any section, or
 * a line that is neither, is an error. Values are interpolated when read ({@code %(key)s}, {@code %%}; a lone
 * {@code %} is an error), as {@code BasicInterpolation} does.
 *
 * <p>Why not a library: the well-kept Java INI readers (Apache Commons Configuration2's {@code INIConfiguration}, and
 * ini4j, which is unmaintained) follow other rules — inline comments, quote stripping, {@code \} continuations,
 * silently merged duplicate sections, dots in section names read as paths — so they would read some profiles
 * differently from the Python client; and Configuration2 would add about 1.7 MB of dependencies for four keys.
 */
final class ConfigParserIni {
    static final String DEFAULT_SECTION = "DEFAULT";

    private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)\\]");
    private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*(?<vi>[=:])\\s*(?<value>.*)$");
    private static final Pattern REFERENCE = Pattern.compile("%\\(([^)]+)\\)s");
    private static final int MAX_INTERPOLATION_DEPTH = 10;
    /**
     * The longest value interpolation may produce. Python checks only the depth, so ten levels of references that each
     * repeat the one below grow exponentially and fill the heap; profile values are URLs, tokens and paths.
     */
    static final int MAX_VALUE_LENGTH = 65_536;

    private final Map<String, String> defaults;
    private final Map<String, Map<String, String>> sections;

    private ConfigParserIni(Map<String, String> defaults, Map<String, Map<String, String>> sections) {
        this.defaults = defaults;
        this.sections = sections;
    }

    /**
     * @param text the file's content
     * @return the parsed file
     * @throws IniSyntaxException at the first duplicate or missing section header, or after reading the whole text
     *     if some lines could not be parsed (naming them all)
     */
    static ConfigParserIni parse(String text) {
        requireNonNull(text, "text is null");
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Set<String> added = new HashSet<>();
        Map<String, List<String>> current = null;
        String sectionName = null;
        String option = null;
        int indentLevel = 0;
        List<String> badLines = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int lineNumber = index + 1;
            boolean comment = line.strip().startsWith("#") || line.strip().startsWith(";");
            String value = comment ? "" : line.strip();
            if (value.isEmpty()) {
                if (!comment && current != null && option != null && current.get(option) != null) {
                    current.get(option).add("");
                }
                continue;
            }
            int indent = firstNonSpace(line);
            if (current != null && option != null && indent > indentLevel) {
                current.get(option).add(value);
                continue;
            }
            indentLevel = indent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt()) {
                sectionName = header.group("header");
                if (sections.containsKey(sectionName)) {
                    if (added.contains(sectionName)) {
                        throw new IniSyntaxException("section '" + sectionName + "' already exists (line "
                                + lineNumber + ")");
                    }
                    current = sections.get(sectionName);
                    added.add(sectionName);
                }
                else if (sectionName.equals(DEFAULT_SECTION)) {
                    current = defaults;
                }
                else {
                    current = new LinkedHashMap<>();
                    sections.put(sectionName, current);
                    added.add(sectionName);
                }
                option = null;
                continue;
            }
            if (current == null) {
                throw new IniSyntaxException("file contains no section header before line " + lineNumber);
            }
            Matcher pair = OPTION.matcher(value);
            if (!pair.matches()) {
                // Python records the error, keeps the current key for continuation lines, and raises at the end.
                badLines.add("line " + lineNumber);
                continue;
            }
            if (pair.group("option").isEmpty()) {
                badLines.add("line " + lineNumber);
            }
            option = pair.group("option").stripTrailing().toLowerCase(Locale.ROOT);
            String key = sectionName + "\u0000" + option;
            if (added.contains(key)) {
                throw new IniSyntaxException("option '" + option + "' in section '" + sectionName
                        + "' already exists (line " + lineNumber + ")");
            }
            added.add(key);
            List<String> values = new ArrayList<>();
            values.add(pair.group("value").strip());
            current.put(option, values);
        }
        if (!badLines.isEmpty()) {
            throw new IniSyntaxException("lines that are neither a section header nor 'key = value': " + badLines);
        }
        Map<String, Map<String, String>> joined = new LinkedHashMap<>();
        sections.forEach((name, options) -> joined.put(name, join(options)));
        return new ConfigParserIni(join(defaults), joined);
    }

    /**
     * @param section a section name; {@value #DEFAULT_SECTION} is the defaults
     * @return whether the file has it (the defaults section always exists, as in Python)
     */
    boolean hasSection(String section) {
        return section.equals(DEFAULT_SECTION) || sections.containsKey(section);
    }

    /**
     * @param section a section that exists
     * @param option a key, case-insensitive
     * @return its interpolated value (the section's own, else the defaults'), if present
     * @throws IniSyntaxException if interpolation fails
     */
    Optional<String> get(String section, String option) {
        Map<String, String> values = values(section);
        String raw = values.get(option.toLowerCase(Locale.ROOT));
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder result = new StringBuilder();
        interpolate(section, option, raw, values, result, 1);
        return Optional.of(result.toString());
    }

    private Map<String, String> values(String section) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        if (!section.equals(DEFAULT_SECTION)) {
            values.putAll(sections.getOrDefault(section, Map.of()));
        }
        return values;
    }

    private static void interpolate(
            String section, String option, String rest, Map<String, String> values, StringBuilder result, int depth) {
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw new IniSyntaxException("value of '" + option + "' in section '" + section
                    + "' nests references more than " + MAX_INTERPOLATION_DEPTH + " deep");
        }
        while (!rest.isEmpty()) {
            checkLength(section, option, result);
            int percent = rest.indexOf('%');
            if (percent < 0) {
                result.append(rest);
                return;
            }
            result.append(rest, 0, percent);
            rest = rest.substring(percent);
            char next = rest.length() > 1 ? rest.charAt(1) : '\0';
            if (next == '%') {
                result.append('%');
                rest = rest.substring(2);
            }
            else if (next == '(') {
                Matcher reference = REFERENCE.matcher(rest);
                if (!reference.lookingAt()) {
                    throw new IniSyntaxException("bad interpolation variable reference in '" + option
                            + "' of section '" + section + "'");
                }
                String name = reference.group(1).toLowerCase(Locale.ROOT);
                rest = rest.substring(reference.end());
                String value = values.get(name);
                if (value == null) {
                    throw new IniSyntaxException("'" + option + "' of section '" + section
                            + "' refers to missing key '" + name + "'");
                }
                if (value.indexOf('%') >= 0) {
                    interpolate(section, option, value, values, result, depth + 1);
                }
                else {
                    result.append(value);
                }
                checkLength(section, option, result);
            }
            else {
                throw new IniSyntaxException("'%' must be followed by '%' or '(' in '" + option + "' of section '"
                        + section + "' (write %% for a literal %)");
            }
        }
    }

    private static void checkLength(String section, String option, StringBuilder result) {
        if (result.length() > MAX_VALUE_LENGTH) {
            throw new IniSyntaxException("value of '" + option + "' in section '" + section + "' expands past "
                    + MAX_VALUE_LENGTH + " characters");
        }
    }

    private static Map<String, String> join(Map<String, List<String>> options) {
        Map<String, String> joined = new LinkedHashMap<>();
        options.forEach((key, lines) -> joined.put(key, String.join("\n", lines).stripTrailing()));
        return joined;
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** The file breaks configparser's rules; the message never quotes a value (it may be a token). */
    static final class IniSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IniSyntaxException(String message) {
            super(message);
        }
    }
}
