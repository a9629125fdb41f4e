package io.tango.plugin.devo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.ConfigProblem;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.devo.client.AuthType;
import io.tango.plugin.devo.client.DevoLegacyModelManagerClient;
import io.tango.plugin.devo.client.DevoModelManagerClient;
import io.tango.plugin.devo.client.FileSystemDownloader;
import io.tango.plugin.devo.client.ModelManagerClient;
import io.tango.plugin.devo.client.ModelManagerClients;
import io.tango.plugin.devo.client.Profile;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.plugin.devo.client.RetrySettings;
import io.tango.toolkit.http.HttpOptions;

import static java.util.Objects.requireNonNull;

/**
 * The connection settings every Devo component shares: either {@code url} + {@code token} (+ {@code auth_type}), or a
 * {@code profile} of a {@code modelmanager.ini} file; {@code domain} selects the legacy client (servers before 2.4.0).
 *
 * @param url the server's URL, when configured directly
 * @param token the token, when configured directly: a secret
 * @param authType how the token is sent (only with {@code url}; a profile has its own)
 * @param profile the profile's name, when configured through a profile
 * @param profilePath the file or folder to look for the profile in first
 * @param domain the domain for the legacy client, when the server is older than 2.4.0
 * @param downloadPath where model files go, when configured
 * @param timeout the timeout of every call, retries included
 * @param maxRetries how often a read is retried when the connection fails or the server is overloaded
 * @param maxDownloadSize the largest model file downloaded, in bytes
 */
record DevoSettings(
        Optional<String> url,
        Optional<String> token,
        AuthType authType,
        Optional<String> profile,
        Optional<String> profilePath,
        Optional<String> domain,
        Optional<String> downloadPath,
        Duration timeout,
        int maxRetries,
        long maxDownloadSize) {

    static final ConfigOption<String> URL = ConfigOption.string("url")
            .withDescription("URL of the ML Model Manager, e.g. https://api-us.devo.com/mlmodelmanager (with token)");
    static final ConfigOption<String> TOKEN = ConfigOption.string("token").asSecret()
            .withDescription("Access token; on servers 2.4.0 and later it also selects the domain (with url)");
    static final ConfigOption<String> AUTH_TYPE = ConfigOption.enumOf("auth_type", "standalone", "bearer")
            .withDefault("standalone")
            .withDescription("How the token is sent: standalone (header standAloneToken) or bearer (Authorization)");
    static final ConfigOption<String> PROFILE = ConfigOption.string("profile")
            .withDescription("A profile of a modelmanager.ini file, instead of url and token");
    static final ConfigOption<String> PROFILE_PATH = ConfigOption.string("profile_path")
            .withDescription("File or folder to look for the profile file in before the current and home directories");
    static final ConfigOption<String> DOMAIN = ConfigOption.string("domain")
            .withDescription("Domain to work on with a server older than 2.4.0 (selects the legacy endpoints)");
    static final ConfigOption<String> DOWNLOAD_PATH = ConfigOption.string("download_path")
            .withDescription("Folder model files are downloaded to; default: the profile's download_path, else the"
                    + " current directory");
    /** The toolkit's call timeout; its default, 30s, is the one this plugin's README promises. */
    static final ConfigOption<Duration> TIMEOUT = HttpOptions.REQUEST_TIMEOUT;
    /** The toolkit's retries; its default, 3, is the one this plugin's README promises. */
    static final ConfigOption<Integer> MAX_RETRIES = HttpOptions.MAX_RETRIES;
    static final ConfigOption<Long> MAX_DOWNLOAD_SIZE = ConfigOption.size("max_download_size")
            .withDefault(ModelManagerClient.DEFAULT_MAX_DOWNLOAD_SIZE).withMinimum(1L)
            .withDescription("Largest model file downloaded; a larger one is refused and nothing is written");

    DevoSettings {
        requireNonNull(url, "url is null");
        requireNonNull(token, "token is null");
        requireNonNull(authType, "authType is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(profilePath, "profilePath is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(downloadPath, "downloadPath is null");
        requireNonNull(timeout, "timeout is null");
    }

    /** @return the options of a component that connects to one ML Model Manager */
    static List<ConfigOption<?>> options() {
        return List.of(URL, TOKEN, AUTH_TYPE, PROFILE, PROFILE_PATH, DOMAIN, DOWNLOAD_PATH, TIMEOUT, MAX_RETRIES,
                MAX_DOWNLOAD_SIZE);
    }

    /**
     * @param config the instance's validated config
     * @param connectionRequired whether url + token or a profile must be given
     * @return the settings
     * @throws InvalidConfigException listing every inconsistency with its path
     */
    static DevoSettings from(TangoConfig config, boolean connectionRequired) {
        Optional<String> url = nonEmpty(config, URL);
        Optional<String> token = nonEmpty(config, TOKEN);
        Optional<String> profile = nonEmpty(config, PROFILE);
        List<ConfigProblem> problems = new java.util.ArrayList<>();
        if (profile.isPresent() && (url.isPresent() || token.isPresent())) {
            problems.add(new ConfigProblem(config.path() + "." + PROFILE.key(),
                    "give either a profile or url and token, not both"));
        }
        else if (url.isPresent() && token.isEmpty()) {
            problems.add(new ConfigProblem(config.path() + "." + TOKEN.key(), "url is set, so a token is required"));
        }
        else if (token.isPresent() && url.isEmpty()) {
            problems.add(new ConfigProblem(config.path() + "." + URL.key(), "token is set, so a url is required"));
        }
        else if (connectionRequired && url.isEmpty() && profile.isEmpty()) {
            problems.add(new ConfigProblem(config.path(),
                    "set url and token, or profile (a profile of a modelmanager.ini file)"));
        }
        if (url.isPresent()) {
            try {
                ModelManagerClients.validateUrl(url.get());
            }
            catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(config.path() + "." + URL.key(), e.getMessage()));
            }
        }
        // Read one by one so that a config nobody validated still reports every value out of range at once.
        Optional<Duration> timeout = read(config, TIMEOUT, problems);
        Optional<Integer> maxRetries = read(config, MAX_RETRIES, problems);
        Optional<Long> maxDownloadSize = read(config, MAX_DOWNLOAD_SIZE, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new DevoSettings(
                url,
                token,
                AuthType.fromName(config.get(AUTH_TYPE)),
                profile,
                nonEmpty(config, PROFILE_PATH),
                nonEmpty(config, DOMAIN),
                nonEmpty(config, DOWNLOAD_PATH),
                timeout.orElseThrow(),
                maxRetries.orElseThrow(),
                maxDownloadSize.orElseThrow());
    }

    /** @return whether a connection (url + token, or a profile) is configured */
    boolean hasConnection() {
        return url.isPresent() || profile.isPresent();
    }

    /**
     * Connects with the configured url + token or profile.
     *
     * @param profiles where profiles are read from
     * @return a client; the caller closes it
     * @throws io.tango.plugin.devo.client.ProfileException if the profile cannot be read
     */
    ModelManagerClient connect(ProfileReader profiles) {
        if (profile.isPresent()) {
            return connect(profiles.read(profile.get(), profilePath), profiles);
        }
        String serverUrl = url.orElseThrow(() -> new IllegalStateException("no connection configured"));
        return build(serverUrl, token.orElseThrow(), authType, downloadFolder(Optional.empty(), profiles));
    }

    /**
     * Connects with a profile (the finder's {@code devo://<profile>/<name>} keys).
     *
     * @param profile the profile
     * @param profiles resolves relative download paths
     * @return a client; the caller closes it
     */
    ModelManagerClient connect(Profile profile, ProfileReader profiles) {
        return build(profile.url().toString(), profile.token(), profile.authType(),
                downloadFolder(profile.downloadPath(), profiles));
    }

    /** The download folder: the configured one, else the profile's, else the current directory. */
    Path downloadFolder(Optional<Path> profileDownloadPath, ProfileReader profiles) {
        return downloadPath.map(profiles::resolvePath)
                .or(() -> profileDownloadPath)
                .orElseGet(() -> profiles.resolvePath("."));
    }

    private ModelManagerClient build(String serverUrl, String secret, AuthType auth, Path downloadFolder) {
        FileSystemDownloader downloader = new FileSystemDownloader(downloadFolder, maxDownloadSize);
        RetrySettings retries = RetrySettings.DEFAULT.withMaxRetries(maxRetries);
        if (domain.isPresent()) {
            return DevoLegacyModelManagerClient.builder(serverUrl, domain.get(), secret).authType(auth).timeout(timeout)
                    .retries(retries).maxDownloadSize(maxDownloadSize).downloader(downloader).build();
        }
        return DevoModelManagerClient.builder(serverUrl, secret).authType(auth).timeout(timeout)
                .retries(retries).maxDownloadSize(maxDownloadSize).downloader(downloader).build();
    }

    private static Optional<String> nonEmpty(TangoConfig config, ConfigOption<String> option) {
        return config.getOptional(option).filter(value -> !value.isBlank());
    }

    private static <T> Optional<T> read(TangoConfig config, ConfigOption<T> option, List<ConfigProblem> problems) {
        try {
            return Optional.of(config.get(option));
        }
        catch (InvalidConfigException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "DevoSettings[url=" + url.map(ModelManagerClients::withoutCredentials).orElse("") + ", token="
                + (token.isPresent() ? "****" : "") + ", auth_type=" + authType + ", profile=" + profile.orElse("")
                + ", domain=" + domain.orElse("") + ", timeout=" + timeout + ", max_retries=" + maxRetries
                + ", max_download_size=" + maxDownloadSize + "]";
    }
}
