package io.tango.plugin.devo.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Creates ready-to-use {@link DevoModelManagerClient}s in one step (Python: {@code create_client_from_token} and
 * {@code create_client_from_profile}). Like the Python factories, they always create a client for servers 2.4.0 and
 * later, with a {@link FileSystemDownloader} (in the download path when one is given, else the current directory).
 */
public final class ModelManagerClients {
    private ModelManagerClients() {}

    /**
     * Checks a server URL as the clients do at construction.
     *
     * @param url a URL
     * @return the URL without its trailing {@code /}
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host ({@code Invalid url: '...'})
     */
    public static java.net.URI validateUrl(String url) {
        return ModelManagerClient.validateUrl(url);
    }

    /**
     * @param url a URL as configured, valid or not
     * @return it without the user name and password it may carry ({@code https://user:pw@host} → {@code https://host})
     */
    public static String withoutCredentials(String url) {
        return ModelManagerClient.withoutCredentials(url);
    }

    /**
     * @param url the server's URL
     * @param token the access token, sent with {@link AuthType#STANDALONE}
     * @return a client with the default timeout, downloading into the current directory
     * @throws IllegalArgumentException if the URL is invalid
     */
    public static DevoModelManagerClient fromToken(String url, String token) {
        return fromToken(url, token, AuthType.defaultType(), Optional.empty(), ModelManagerClient.DEFAULT_TIMEOUT);
    }

    /**
     * @param url the server's URL
     * @param token the access token
     * @param authType how the token is sent
     * @param downloadPath where model files are downloaded; empty for the current directory
     * @param timeout the timeout of every call ({@link ModelManagerClient#DEFAULT_TIMEOUT} is the default)
     * @return the client
     * @throws IllegalArgumentException if the URL is invalid
     */
    public static DevoModelManagerClient fromToken(
            String url, String token, AuthType authType, Optional<Path> downloadPath, Duration timeout) {
        requireNonNull(downloadPath, "downloadPath is null");
        return DevoModelManagerClient.builder(url, token)
                .authType(authType)
                .timeout(timeout)
                .downloader(downloadPath.map(FileSystemDownloader::new).orElseGet(FileSystemDownloader::inCurrentDirectory))
                .build();
    }

    /**
     * Creates a client from a profile in {@value ProfileReader#DEFAULT_FILE_NAME} of the current or home directory.
     *
     * @param profile the profile's name
     * @return the client
     * @throws ProfileException if the profile cannot be read
     */
    public static DevoModelManagerClient fromProfile(String profile) {
        return fromProfile(ProfileReader.system().read(profile, Optional.empty()), ModelManagerClient.DEFAULT_TIMEOUT);
    }

    /**
     * @param profile the profile's name
     * @param path a file or folder to look in first (see {@link ProfileReader}), or empty
     * @param timeout the timeout of every call
     * @return the client
     * @throws ProfileException if the profile cannot be read
     */
    public static DevoModelManagerClient fromProfile(String profile, Optional<String> path, Duration timeout) {
        return fromProfile(ProfileReader.system().read(profile, path), timeout);
    }

    /**
     * @param profile a profile read by a {@link ProfileReader}
     * @param timeout the timeout of every call
     * @return the client
     */
    public static DevoModelManagerClient fromProfile(Profile profile, Duration timeout) {
        requireNonNull(profile, "profile is null");
        return fromToken(profile.url().toString(), profile.token(), profile.authType(), profile.downloadPath(), timeout);
    }
}
