package io.simdnn.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Integer buffers keep values in range of their type; conversion between types refuses what does not fit. */
class IntegerBufferTest {
    @Test
    void valuesStayInTheirTypesRange() {
        IntegerBuffer u8 = new IntegerBuffer(IntegerType.U8, 2, 2);
        assertEquals(4, u8.size());
        assertArrayEquals(new int[] {2, 2}, u8.shape());
        u8.set(3, 255);
        assertEquals(255, u8.get(3));
        assertThrows(IllegalArgumentException.class, () -> u8.set(0, 256));
        assertThrows(IllegalArgumentException.class, () -> u8.set(0, -1));
        IntegerBuffer bool = new IntegerBuffer(IntegerType.BOOL);
        assertThrows(IllegalArgumentException.class, () -> bool.set(0, 2));
        bool.increment();
        IllegalStateException full = assertThrows(IllegalStateException.class, bool::increment);
        assertTrue(full.getMessage().contains("cannot grow"), full.getMessage());
        assertEquals(1, bool.get(0));
    }

    @Test
    void assignConvertsOrWritesNothing() {
        IntegerBuffer i64 = new IntegerBuffer(IntegerType.I64, 2);
        i64.assign(IntegerType.U32, new long[] {0xffff_ffffL, 5});
        assertArrayEquals(new long[] {0xffff_ffffL, 5}, i64.values());
        String huge = assertThrows(IllegalArgumentException.class, () -> i64.assign(IntegerType.U64, new long[] {1, -1})).getMessage();
        assertEquals("U64 value 18446744073709551615 does not fit I64", huge);
        assertArrayEquals(new long[] {0xffff_ffffL, 5}, i64.values(), "nothing written");
        IntegerBuffer u64 = new IntegerBuffer(IntegerType.U64);
        assertThrows(IllegalArgumentException.class, () -> u64.assign(IntegerType.I8, new long[] {-1}));
        u64.assign(IntegerType.U64, new long[] {-1});
        assertEquals(-1, u64.get(0));
        assertThrows(IllegalArgumentException.class, () -> i64.assign(IntegerType.I64, new long[] {1}));
    }

    @Test
    void everyTypeReadsBackWhatItWrites() {
        long[][] samples = {{0, 1}, {0, 255}, {-128, 127}, {0, 65535}, {-32768, 32767}, {0, 0xffff_ffffL},
                {Integer.MIN_VALUE, Integer.MAX_VALUE}, {-1, Long.MAX_VALUE}, {Long.MIN_VALUE, Long.MAX_VALUE}};
        IntegerType[] types = IntegerType.values();
        for (int t = 0; t < types.length; t++) {
            IntegerType type = types[t];
            ByteBuffer bytes = ByteBuffer.allocate(2 * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (long value : samples[t]) {
                assertTrue(type.holds(value), type + " holds " + value);
                type.write(bytes, value);
            }
            bytes.flip();
            assertArrayEquals(samples[t], new long[] {type.read(bytes), type.read(bytes)}, type.toString());
            assertEquals(type, IntegerType.ofDtype(type.dtype()).orElseThrow());
        }
        assertTrue(IntegerType.ofDtype("F32").isEmpty());
        assertTrue(IntegerType.ofDtype("i64").isEmpty(), "dtype names are exact");
    }
}
