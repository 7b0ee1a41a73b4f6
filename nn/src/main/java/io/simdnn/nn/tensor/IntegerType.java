package io.simdnn.nn.tensor;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The integer element types of the safetensors format, named as the format names them
 * ({@code I64}, {@code U8}, {@code BOOL}, ...). simdnn computes in float32 only; integer tensors
 * are buffers a model carries (PyTorch's {@code num_batches_tracked} is an {@code I64} scalar).
 *
 * <p>A value is held in a Java {@code long}: exactly for every type but {@code U64}, whose values
 * above {@link Long#MAX_VALUE} are held as the {@code long} with the same 64 bits (so they are
 * written back unchanged).
 */
public enum IntegerType {
    /** A byte that is 0 (false) or 1 (true). */
    BOOL(1, 0, 1),
    /** Unsigned 8-bit. */
    U8(1, 0, 0xffL),
    /** Signed 8-bit. */
    I8(1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    /** Unsigned 16-bit. */
    U16(2, 0, 0xffffL),
    /** Signed 16-bit. */
    I16(2, Short.MIN_VALUE, Short.MAX_VALUE),
    /** Unsigned 32-bit. */
    U32(4, 0, 0xffff_ffffL),
    /** Signed 32-bit. */
    I32(4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** Unsigned 64-bit: held as the {@code long} of the same bits. */
    U64(8, Long.MIN_VALUE, Long.MAX_VALUE),
    /** Signed 64-bit: PyTorch's {@code torch.int64}. */
    I64(8, Long.MIN_VALUE, Long.MAX_VALUE);

    private final int bytes;
    private final long min;
    private final long max;

    IntegerType(int bytes, long min, long max) {
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /**
     * Bytes per element in a file.
     *
     * @return 1, 2, 4 or 8
     */
    public int bytes() {
        return bytes;
    }

    /**
     * The type's name in a safetensors header.
     *
     * @return the {@code dtype} string, e.g. {@code I64}
     */
    public String dtype() {
        return name();
    }

    /**
     * The type a safetensors header calls {@code dtype}.
     *
     * @param dtype a header's {@code dtype}, in its exact spelling, e.g. {@code I64}
     * @return the type, or empty if {@code dtype} is no integer type
     */
    public static Optional<IntegerType> ofDtype(String dtype) {
        for (IntegerType type : values()) {
            if (type.name().equals(dtype)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a value is one of this type.
     *
     * @param value a value as this type holds it (see the class comment for {@code U64})
     * @return {@code true} if it lies in this type's range
     */
    public boolean holds(long value) {
        return this == U64 || (value >= min && value <= max);
    }

    /**
     * {@code value}, held as {@code from} holds it, as this type holds it.
     *
     * @param from  the type {@code value} is held as
     * @param value the value
     * @return the same number, held as this type holds it
     * @throws IllegalArgumentException if this type cannot represent the value
     */
    public long convert(IntegerType from, long value) {
        // a U64 value held as a negative long is at least 2^63: only U64 itself represents it
        boolean huge = from == U64 && value < 0;
        if ((huge && this != U64) || (!huge && this == U64 && value < 0) || (!huge && !holds(value))) {
            throw new IllegalArgumentException(from + " value " + (huge ? Long.toUnsignedString(value) : Long.toString(value))
                    + " does not fit " + this);
        }
        return value;
    }

    /**
     * Reads one little-endian element at the buffer's position (which advances).
     *
     * @param littleEndian a buffer in little-endian order, with at least {@link #bytes()} remaining
     * @return the element, as this type holds it
     * @throws java.nio.BufferUnderflowException if fewer bytes remain
     */
    public long read(ByteBuffer littleEndian) {
        return switch (this) {
            case BOOL, U8 -> littleEndian.get() & 0xffL;
            case I8 -> littleEndian.get();
            case U16 -> littleEndian.getShort() & 0xffffL;
            case I16 -> littleEndian.getShort();
            case U32 -> littleEndian.getInt() & 0xffff_ffffL;
            case I32 -> littleEndian.getInt();
            case U64, I64 -> littleEndian.getLong();
        };
    }

    /**
     * Writes one element at the buffer's position (which advances).
     *
     * @param littleEndian a buffer in little-endian order, with at least {@link #bytes()} remaining
     * @param value        a value {@link #holds} accepts
     * @throws java.nio.BufferOverflowException if fewer bytes remain
     */
    public void write(ByteBuffer littleEndian, long value) {
        switch (bytes) {
            case 1 -> littleEndian.put((byte) value);
            case 2 -> littleEndian.putShort((short) value);
            case 4 -> littleEndian.putInt((int) value);
            default -> littleEndian.putLong(value);
        }
    }
}
