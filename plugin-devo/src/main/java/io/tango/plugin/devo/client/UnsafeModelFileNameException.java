package io.tango.plugin.devo.client;

/**
 * The server sent a model name that would make a downloader write outside its folder ({@code ../x}, {@code /abs},
 * {@code a/../../b}, an empty name, {@code .}); nothing was written.
 */
public class UnsafeModelFileNameException extends ModelDownloadException {
    private static final long serialVersionUID = 1L;

    /** @param message the name, the folder, and why the name was refused */
    public UnsafeModelFileNameException(String message) {
        super(message);
    }
}
