package io.tango.toolkit.oip;

import io.tango.api.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The 13 OIP datatypes and BF16, their sizes and their TANGO types. */
class OipDatatypeTest {

    @ParameterizedTest
    @CsvSource({"BOOL, BOOLEAN, 1", "UINT8, UINT8, 1", "UINT16, UINT16, 2", "UINT32, UINT32, 4", "UINT64, UINT64, 8",
            "INT8, INT8, 1", "INT16, INT16, 2", "INT32, INT32, 4", "INT64, INT64, 8", "FP16, FLOAT16, 2",
            "FP32, FLOAT32, 4", "FP64, FLOAT64, 8", "BYTES, STRING, 0", "BF16, BFLOAT16, 2"})
    void eachWireNameIsItsTangoTypeAndBackWithItsElementSize(String wireName, DataType type, int size) {
        OipDatatype datatype = OipDatatype.fromWireName(wireName).orElseThrow();

        assertThat(datatype.dataType()).isEqualTo(type);
        assertThat(datatype.elementSize()).isEqualTo(size);
        assertThat(OipDatatype.of(type)).isEqualTo(datatype);
        assertThat(datatype.wireName()).isEqualTo(wireName);
    }

    @Test
    void tangoTypesWithoutAnOipTwinTravelAsBytes() {
        assertThat(OipDatatype.of(DataType.BYTES)).isEqualTo(OipDatatype.BYTES);
        assertThat(OipDatatype.of(DataType.OBJECT)).isEqualTo(OipDatatype.BYTES);
        assertThat(OipDatatype.of(DataType.UNKNOWN)).isEqualTo(OipDatatype.BYTES);
    }

    @Test
    void onlyHalfPrecisionHasNoJsonForm() {
        assertThat(OipDatatype.values()).filteredOn(datatype -> !datatype.isJsonAllowed())
                .containsExactly(OipDatatype.FP16, OipDatatype.BF16);
    }

    @Test
    void wireNamesAreExactAndUpperCase() {
        assertThat(OipDatatype.fromWireName("fp32")).isEmpty();
        assertThat(OipDatatype.fromWireName("FLOAT32")).isEmpty();
        assertThat(OipDatatype.wireNames())
                .isEqualTo("BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }
}
