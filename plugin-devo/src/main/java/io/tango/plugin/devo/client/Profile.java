package io.tango.plugin.devo.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A client profile read from an INI file by a {@link ProfileReader} (Python: the dict of
 * {@code read_profile_from_file}). {@code toString()} never shows the token.
 *
 * @param name the profile's name (its INI section)
 * @param source the file it was read from
 * @param url the server's URL, validated
 * @param token the access token: a secret
 * @param authType how the token is sent ({@code auth_type}, default {@code standalone})
 * @param downloadPath where model files go ({@code download_path}, {@code ~} expanded, made absolute), if set
 */
public record Profile(
        String name, Path source, URI url, String token, AuthType authType, Optional<Path> downloadPath) {

    public Profile {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(url, "url is null");
        requireNonNull(token, "token is null");
        requireNonNull(authType, "authType is null");
        requireNonNull(downloadPath, "downloadPath is null");
    }

    @Override
    public String toString() {
        return "Profile[" + name + " in " + source + ": url=" + ModelManagerClient.withoutUserInfo(url)
                + ", token=****, auth_type=" + authType + downloadPath.map(path -> ", download_path=" + path).orElse("")
                + "]";
    }
}
