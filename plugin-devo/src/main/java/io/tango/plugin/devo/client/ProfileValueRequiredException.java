package io.tango.plugin.devo.client;

/** A required profile attribute ({@code url} or {@code token}) is missing or empty (Python: {@code ProfileValueRequired}). */
public class ProfileValueRequiredException extends ProfileException {
    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param path the file and profile, e.g. {@code /home/me/modelmanager.ini[dev]}
     * @param attribute the missing attribute, {@code url} or {@code token}
     */
    public ProfileValueRequiredException(String path, String attribute) {
        super(path + "." + attribute, "required value '" + attribute + "' is missing or empty");
        this.attribute = attribute;
    }

    /** @return the missing attribute */
    public String attribute() {
        return attribute;
    }
}
