package io.tango.plugin.local.store;

import io.tango.api.InvalidRequestException;

import java.util.regex.Pattern;

/** The names the local store accepts for models and versions: they become folder names, so they are restricted. */
public final class StoreNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StoreNames() {}

    /**
     * @param name a candidate model or version name
     * @return whether it is a valid folder name in the store
     */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * @param what what the name is for, e.g. {@code model name}
     * @param name the name
     * @return the name
     * @throws InvalidRequestException if it is not a valid name
     */
    public static String check(String what, String name) {
        if (!isValid(name)) {
            throw new InvalidRequestException(what + " '" + name + "' is invalid: use 1 to 128 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }
}
