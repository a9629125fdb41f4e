package io.tango.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code tango --version}: the version in the CLI jar's manifest, and the Java that runs it. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TangoCommand.class.getPackage().getImplementationVersion();
        return new String[] {
                "tango " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
