package io.tango.plugin.devo.client;

import io.tango.api.InvalidConfigException;

/**
 * A client profile could not be read (Python: {@code ProfileError}): no profile file in the searched folders, no such
 * profile in it, a syntax error or duplicate in the file, an invalid url or auth type. The path names the file and
 * the profile ({@code /home/me/modelmanager.ini[dev].url}); a token value never appears.
 */
public class ProfileException extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the file, profile and attribute at fault, e.g. {@code /home/me/modelmanager.ini[dev].url}; {@code ""}
     *     when no file was found
     * @param message what is wrong
     */
    public ProfileException(String path, String message) {
        super(path, message);
    }
}
