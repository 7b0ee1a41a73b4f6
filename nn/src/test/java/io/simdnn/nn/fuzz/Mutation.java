package io.simdnn.nn.fuzz;

import java.util.Arrays;

/** One way of damaging a file's bytes; {@link #toString} says which, so a failing case can be replayed by reading it. */
interface Mutation {
    /**
     * The damaged bytes.
     *
     * @param original the intact file (not modified)
     * @return a new array
     */
    byte[] apply(byte[] original);

    /**
     * Whether no loader may accept the result: a file made shorter or longer than a valid one
     * cannot be valid too, since every format here fixes its length by its header or records.
     *
     * @param originalLength the intact file's length
     * @return {@code true} when accepting it would be a silent acceptance
     */
    default boolean alwaysInvalid(int originalLength) {
        return false;
    }

    /** The file cut after {@code length} bytes (a position past the end keeps it whole). */
    record Truncate(int length) implements Mutation {
        @Override
        public byte[] apply(byte[] original) {
            return Arrays.copyOf(original, Math.min(length, original.length));
        }

        @Override
        public boolean alwaysInvalid(int originalLength) {
            return length < originalLength;
        }
    }

    /** One bit inverted. */
    record FlipBit(int position, int bit) implements Mutation {
        @Override
        public byte[] apply(byte[] original) {
            byte[] bytes = original.clone();
            if (bytes.length > 0) {
                bytes[position % bytes.length] ^= (byte) (1 << bit);
            }
            return bytes;
        }
    }

    /** A header field of {@code width} bytes at {@code offset} set to {@code value} (e.g. 0, -1, {@code Integer.MAX_VALUE}). */
    record SetField(int offset, int width, boolean bigEndian, long value) implements Mutation {
        @Override
        public byte[] apply(byte[] original) {
            byte[] bytes = original.clone();
            for (int i = 0; i < width && offset + i < bytes.length; i++) {
                int shift = 8 * (bigEndian ? width - 1 - i : i);
                bytes[offset + i] = (byte) (value >>> shift);
            }
            return bytes;
        }
    }

    /** Bytes appended after the end. */
    record Append(byte[] garbage) implements Mutation {
        @Override
        public byte[] apply(byte[] original) {
            byte[] bytes = Arrays.copyOf(original, original.length + garbage.length);
            System.arraycopy(garbage, 0, bytes, original.length, garbage.length);
            return bytes;
        }

        @Override
        public boolean alwaysInvalid(int originalLength) {
            return true;
        }

        @Override
        public String toString() {
            return "Append[" + garbage.length + " bytes]";
        }
    }
}
