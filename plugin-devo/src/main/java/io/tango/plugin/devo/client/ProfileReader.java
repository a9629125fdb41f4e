package io.tango.plugin.devo.client;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads client profiles from INI files (Python: {@code read_profile_from_file}), e.g.
 * <pre>
 * [dev]
 * url = https://dev_url
 * token = 8a3vf98ai28sar1234lkj2l43td6f89a
 * auth_type = standalone
 * download_path = ~/models
 * </pre>
 * {@code url} and {@code token} are required; {@code auth_type} ({@code standalone} or {@code bearer}) defaults to
 * {@code standalone}; {@code download_path} is optional. {@code =} and {@code :} both separate keys from values; the
 * file follows Python's {@code configparser} rules (see the fidelity tests).
 *
 * <p>Where the file is looked for, first match wins:
 * <ul>
 *   <li>no path: {@value #DEFAULT_FILE_NAME} in the current directory, then in the home directory;</li>
 *   <li>a path to a folder: {@value #DEFAULT_FILE_NAME} in that folder, then the current, then the home directory;</li>
 *   <li>a path to a file, e.g. {@code profiles.ini} or {@code ~/ml/profiles.ini}: that file, else a file of that name in
 *   the current, then the home directory.</li>
 * </ul>
 * A leading {@code ~} means the home directory; relative paths are relative to the current directory. The last rule
 * follows the Python client's documentation; the Python code differs for a file that does not exist where it is
 * named: it then looks for {@value #DEFAULT_FILE_NAME} instead (a test pins this difference down).
 *
 * <p>The current and home directories are given at construction ({@link #system()} uses the JVM's), so tests never
 * depend on the real home. Thread-safe.
 */
public final class ProfileReader {
    /** The profile file looked for when no file is named. */
    public static final String DEFAULT_FILE_NAME = "modelmanager.ini";

    private final Path currentDirectory;
    private final Path homeDirectory;

    /**
     * @param currentDirectory the directory relative paths start from, and the second place searched
     * @param homeDirectory what {@code ~} means, and the last place searched
     */
    public ProfileReader(Path currentDirectory, Path homeDirectory) {
        this.currentDirectory = requireNonNull(currentDirectory, "currentDirectory is null").toAbsolutePath().normalize();
        this.homeDirectory = requireNonNull(homeDirectory, "homeDirectory is null").toAbsolutePath().normalize();
    }

    /** @return a reader using the JVM's working directory and {@code user.home} */
    public static ProfileReader system() {
        return new ProfileReader(Path.of(""), Path.of(System.getProperty("user.home")));
    }

    /**
     * Reads a profile from the first {@value #DEFAULT_FILE_NAME} in the current or home directory.
     *
     * @param profile the profile's name
     * @return the profile
     * @throws ProfileException if no file is found, the profile is missing, or a value is invalid
     */
    public Profile read(String profile) {
        return read(profile, Optional.empty());
    }

    /**
     * @param profile the profile's name (an INI section, case-sensitive)
     * @param path a file or folder to look in first (see the class comment), or empty
     * @return the profile
     * @throws ProfileException if no file is found, the file breaks the INI rules, the profile is missing, or its url or
     *     auth type is invalid
     * @throws ProfileValueRequiredException if {@code url} or {@code token} is missing or empty
     */
    public Profile read(String profile, Optional<String> path) {
        requireNonNull(profile, "profile is null");
        Path file = locate(path);
        String where = file + "[" + profile + "]";
        ConfigParserIni ini;
        try {
            ini = ConfigParserIni.parse(decode(file));
        }
        catch (ConfigParserIni.IniSyntaxException e) {
            throw new ProfileException(file.toString(), e.getMessage());
        }
        if (!ini.hasSection(profile)) {
            throw new ProfileException(where, "Missing profile '" + profile + "'");
        }
        try {
            String url = required(ini, profile, where, "url");
            java.net.URI validUrl;
            try {
                validUrl = ModelManagerClient.validateUrl(url);
            }
            catch (IllegalArgumentException e) {
                throw new ProfileException(where + ".url", e.getMessage());
            }
            String token = required(ini, profile, where, "token");
            String authName = ini.get(profile, "auth_type").orElse(AuthType.defaultType().configName());
            AuthType authType;
            try {
                authType = AuthType.fromName(authName);
            }
            catch (IllegalArgumentException e) {
                throw new ProfileException(where + ".auth_type", "Invalid auth type '" + authName + "'");
            }
            Optional<Path> downloadPath = ini.get(profile, "download_path")
                    .filter(value -> !value.isEmpty())
                    .map(value -> resolve(value, where + ".download_path"));
            return new Profile(profile, file, validUrl, token, authType, downloadPath);
        }
        catch (ConfigParserIni.IniSyntaxException e) {
            throw new ProfileException(where, e.getMessage());
        }
    }

    /**
     * @param profile a profile's name
     * @param path a file or folder to look in first, or empty
     * @return whether a profile file is found and has that profile (its values are not checked)
     * @throws ProfileException if the profile file found breaks the INI rules
     */
    public boolean hasProfile(String profile, Optional<String> path) {
        requireNonNull(profile, "profile is null");
        Path file;
        try {
            file = locate(path);
        }
        catch (ProfileException e) {
            return false;
        }
        try {
            return ConfigParserIni.parse(decode(file)).hasSection(profile);
        }
        catch (ConfigParserIni.IniSyntaxException e) {
            throw new ProfileException(file.toString(), e.getMessage());
        }
    }

    /**
     * @param path a file or folder to look in first, or empty
     * @return the profile file that {@link #read} would read
     * @throws ProfileException if there is none
     */
    public Path locate(Optional<String> path) {
        requireNonNull(path, "path is null");
        List<Path> folders = new ArrayList<>();
        String fileName = DEFAULT_FILE_NAME;
        if (path.isPresent() && !path.get().isEmpty()) {
            Path given = resolve(path.get(), "path");
            if (Files.isDirectory(given) || given.getFileName() == null) {
                folders.add(given);
            }
            else {
                fileName = given.getFileName().toString();
                folders.add(given.getParent());
            }
        }
        for (Path folder : List.of(currentDirectory, homeDirectory)) {
            if (!folders.contains(folder)) {
                folders.add(folder);
            }
        }
        for (Path folder : folders) {
            Path candidate = folder.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ProfileException("", "File '" + fileName + "' not found in paths: " + folders);
    }

    /**
     * @param path a path as a user writes it in a profile or config
     * @return it as an absolute path: {@code ~} and {@code ~/...} mean the home directory, relative paths start from
     *     the current directory
     * @throws ProfileException if it is not a valid path
     */
    public Path resolvePath(String path) {
        return resolve(requireNonNull(path, "path is null"), "path");
    }

    private Path resolve(String path, String what) {
        String expanded = path;
        if (path.equals("~")) {
            expanded = homeDirectory.toString();
        }
        else if (path.startsWith("~/") || path.startsWith("~" + java.io.File.separator)) {
            expanded = homeDirectory + path.substring(1);
        }
        try {
            return currentDirectory.resolve(expanded).normalize();
        }
        catch (InvalidPathException e) {
            throw new ProfileException(what, "Invalid path '" + path + "': " + e.getReason());
        }
    }

    private static String required(ConfigParserIni ini, String profile, String where, String attribute) {
        Optional<String> value = ini.get(profile, attribute);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw new ProfileValueRequiredException(where, attribute);
        }
        return value.get();
    }

    private static String decode(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        }
        catch (CharacterCodingException e) {
            throw new ProfileException(file.toString(), "the file is not UTF-8 text");
        }
        catch (IOException e) {
            throw new ProfileException(file.toString(), "cannot read the file: " + e);
        }
    }

    @Override
    public String toString() {
        return "ProfileReader[current " + currentDirectory + ", home " + homeDirectory + "]";
    }
}
