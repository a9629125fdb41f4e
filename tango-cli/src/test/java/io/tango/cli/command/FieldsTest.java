package io.tango.cli.command;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code label: value} blocks: one column for the values, one space after a label too long to align. */
class FieldsTest {
    @Test
    void alignsTheValuesOneSpaceAfterTheLongestLabel() {
        assertThat(print(new Fields().add("id", "7").add("deepaas.uuid", "ff19").add("status", "RUNNING"))).isEqualTo("""
                id:           7
                deepaas.uuid: ff19
                status:       RUNNING
                """);
    }

    @Test
    void aLabelTooLongToAlignIsFollowedByOneSpaceAndMovesNoOtherValue() {
        String label = "x".repeat(Fields.LONGEST_ALIGNED + 1);

        assertThat(print(new Fields().add("id", "7").add(label, "long").add("status", "RUNNING"))).isEqualTo("""
                id:     7
                %s: long
                status: RUNNING
                """.formatted(label));
    }

    @Test
    void aLabelOfTheLongestAlignedLengthStillSetsTheColumn() {
        String label = "x".repeat(Fields.LONGEST_ALIGNED);

        assertThat(print(new Fields().add("id", "7").add(label, "long"))).isEqualTo("""
                id:%s7
                %s: long
                """.formatted(" ".repeat(label.length() - "id".length() + 1), label));
    }

    private static String print(Fields fields) {
        StringWriter text = new StringWriter();
        fields.print(new PrintWriter(text, true));
        return text.toString();
    }
}
