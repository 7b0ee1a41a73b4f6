package io.simdnn.nn.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * The byte-level damage every format gets: truncation anywhere and at the end of every region
 * (each header field, the header, records, tensors), single bit flips, header fields set to
 * extremes, and appended bytes.
 */
final class Mutations {
    /** The values a hostile header field takes: the edges of int and long, and sizes that overflow when multiplied. */
    static final List<Long> EXTREMES = List.of(0L, 1L, -1L, 2L, 255L, 256L, 46_340L, 65_536L, 1L << 24,
            (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE);

    private Mutations() {}

    /**
     * Mutations of a file of {@code length} bytes whose header is {@code fields}.
     *
     * @param length     the intact file's length
     * @param fields     the header fields (offset, width, byte order) that extremes are written into
     * @param boundaries where regions end (each field, the header, records, tensors): cut at, just before and just after each
     * @return the arbitrary
     */
    static Arbitrary<Mutation> of(int length, List<Field> fields, List<Integer> boundaries) {
        int headerEnd = fields.stream().mapToInt(f -> f.offset() + f.width()).max().orElse(8);
        Arbitrary<Mutation> truncateAtBoundary = Arbitraries.of(boundaries).flatMap(boundary -> Arbitraries.integers()
                .between(-1, 1).map(shift -> new Mutation.Truncate(Math.max(0, boundary + shift))));
        Arbitrary<Mutation> truncateAnywhere = Arbitraries.integers().between(0, length - 1).map(Mutation.Truncate::new);
        Arbitrary<Mutation> flip = Arbitraries.integers().between(0, length - 1)
                .flatMap(position -> Arbitraries.integers().between(0, 7).map(bit -> new Mutation.FlipBit(position, bit)));
        Arbitrary<Mutation> flipInHeader = Arbitraries.integers().between(0, headerEnd - 1)
                .flatMap(position -> Arbitraries.integers().between(0, 7).map(bit -> new Mutation.FlipBit(position, bit)));
        Arbitrary<Mutation> extreme = Arbitraries.of(fields).flatMap(field -> Arbitraries.oneOf(
                Arbitraries.of(EXTREMES), Arbitraries.longs()).map(value -> field.set(value)));
        Arbitrary<Mutation> append = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(Mutation.Append::new);
        return Arbitraries.frequencyOf(Tuple.of(2, truncateAtBoundary), Tuple.of(2, truncateAnywhere), Tuple.of(2, flip),
                Tuple.of(1, flipInHeader), Tuple.of(3, extreme), Tuple.of(1, append));
    }

    /** A header field: where it is, how wide, and its byte order. */
    record Field(int offset, int width, boolean bigEndian) {
        Mutation set(long value) {
            return new Mutation.SetField(offset, width, bigEndian, value);
        }
    }
}
