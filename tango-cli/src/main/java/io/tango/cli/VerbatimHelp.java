package io.tango.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lines of a command's help printed exactly as written after its footer, never wrapped to the terminal's width:
 * example commands and JSON stay whole on one line, so they can be copied and pasted. Headings and blank lines are
 * lines too. Picocli wraps descriptions and footers; put prose there and examples here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VerbatimHelp {
    /** @return the lines, in order */
    String[] value();
}
