/** The {@code tango} command line: a picocli front end over an embedded {@link io.tango.runtime.TangoRuntime}. */
package io.tango.cli;
