package io.tango.api;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A tensor's data and shape cannot be changed through it, and its dimensions read without a copy. */
class TensorStorageTest {

    @Test
    void dataIsAReadOnlyViewOfTheElementsInNativeOrder() {
        Tensor tensor = Tensor.ofFloats(new float[] {1.5f, 2.5f}, 1, 2);

        ByteBuffer data = tensor.data();

        assertThat(data.isReadOnly()).isTrue();
        assertThat(data.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(data.position()).isZero();
        assertThat(data.remaining()).isEqualTo(8);
        assertThatThrownBy(() -> data.putFloat(0, 9f)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(tensor.toFloatArray()).containsExactly(1.5f, 2.5f);
    }

    @Test
    void readingOneDataViewDoesNotMoveTheNext() {
        Tensor tensor = Tensor.ofInts(new int[] {7, 8}, 2);

        tensor.data().getInt();

        assertThat(tensor.data().getInt()).isEqualTo(7);
    }

    @Test
    void aWrappedBufferIsReadFromWhereItStartedWhateverItsCallerDoesWithItsPosition() {
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        buffer.putInt(99).putInt(1).putInt(2).putInt(99);
        buffer.position(4).limit(12);
        Tensor tensor = Tensor.wrap(DataType.INT32, buffer, 2);

        buffer.clear();
        buffer.getInt();

        assertThat(tensor.toLongArray()).containsExactly(1, 2);
        assertThat(tensor.data().position()).isEqualTo(4);
        assertThat(tensor.data().remaining()).isEqualTo(8);
        assertThat(tensor.data().isReadOnly()).isTrue();
        assertThat(tensor).isEqualTo(Tensor.ofInts(new int[] {1, 2}, 2));
    }

    @Test
    void rankAndDimensionsAreTheShapes() {
        long[] shape = {2, 3};
        Tensor tensor = Tensor.ofDoubles(new double[6], shape);
        shape[0] = 6;

        assertThat(tensor.rank()).isEqualTo(2);
        assertThat(tensor.dimension(0)).isEqualTo(2);
        assertThat(tensor.dimension(1)).isEqualTo(3);
        assertThat(tensor.shape()).containsExactly(2, 3);
        assertThat(Tensor.ofFloats(new float[] {1}).rank()).isZero();
        assertThatThrownBy(() -> tensor.dimension(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aShapeReadFromATensorIsACopy() {
        Tensor tensor = Tensor.ofLongs(new long[] {1, 2}, 2);

        tensor.shape()[0] = 5;

        assertThat(tensor.dimension(0)).isEqualTo(2);
    }

    @Test
    void tensorsUpTo64KibAreOnTheHeapAndLargerOnesInADirectBuffer() {
        assertThat(Tensor.ofFloats(new float[16_384], 16_384).data().isDirect()).isFalse();
        assertThat(Tensor.ofFloats(new float[16_385], 16_385).data().isDirect()).isTrue();
        assertThat(Tensor.ofBooleans(new boolean[65_537], 65_537).data().isDirect()).isTrue();
        assertThat(Tensor.ofDoubles(new double[] {1.5}, 1).data().isDirect()).isFalse();
    }

    @Test
    void aHeapAndADirectTensorOfTheSameValuesAreEqual() {
        float[] values = new float[16_385];
        values[16_384] = 2.5f;
        Tensor direct = Tensor.ofFloats(values, 16_385);
        ByteBuffer heap = ByteBuffer.allocate(16_385 * 4).order(ByteOrder.nativeOrder());
        heap.putFloat(16_384 * 4, 2.5f);

        assertThat(Tensor.wrap(DataType.FLOAT32, heap, 16_385)).isEqualTo(direct);
        assertThat(direct.toFloatArray()[16_384]).isEqualTo(2.5f);
    }
}
