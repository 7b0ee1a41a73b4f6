package io.simdnn.nn.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitrary;

/**
 * One file of an intact data set that a case damages: its name, its content, and whether it is
 * stored gzipped. A gzipped file is damaged either before compression (so the loader meets hostile
 * header values inside a valid gzip stream) or after (so it meets a damaged gzip stream).
 *
 * @param name        the file's name in the data set's directory
 * @param content     the uncompressed content
 * @param gzip        whether the file is stored gzipped
 * @param fields      the content's header fields
 * @param boundaries  where the content's regions end
 */
record FuzzTarget(String name, byte[] content, boolean gzip, List<Mutations.Field> fields, List<Integer> boundaries) {
    /** The gzip header's fields (method, flags, time) and the trailer's CRC-32 and length, for damage after compression. */
    private static List<Mutations.Field> gzipFields(int length) {
        return List.of(new Mutations.Field(2, 1, false), new Mutations.Field(3, 1, false), new Mutations.Field(4, 4, false),
                new Mutations.Field(length - 8, 4, false), new Mutations.Field(length - 4, 4, false));
    }

    /** The bytes as stored. */
    byte[] stored() {
        return gzip ? gzip(content) : content;
    }

    /** A case: this file damaged one way; the other files of the set stay intact. */
    record Case(FuzzTarget target, boolean afterCompression, Mutation mutation) {
        byte[] damaged() {
            if (!target.gzip()) {
                return mutation.apply(target.content());
            }
            return afterCompression ? mutation.apply(gzip(target.content())) : gzip(mutation.apply(target.content()));
        }

        /** Whether a loader must refuse this case (a load that succeeds is then a silent acceptance). */
        boolean mustFail() {
            int length = afterCompression ? gzip(target.content()).length : target.content().length;
            return mutation.alwaysInvalid(length);
        }

        @Override
        public String toString() {
            return target.name() + (target.gzip() ? (afterCompression ? " (gzip bytes)" : " (content, then gzipped)") : "")
                    + " " + mutation;
        }
    }

    /** The cases of this file: damage to its content and, when gzipped, to its compressed bytes. */
    Arbitrary<Case> cases() {
        Arbitrary<Case> content = Mutations.of(this.content.length, fields, boundaries).map(m -> new Case(this, false, m));
        if (!gzip) {
            return content;
        }
        int length = stored().length;
        List<Integer> gzipBoundaries = new ArrayList<>(List.of(10, length - 8, length - 4));
        Arbitrary<Case> compressed = Mutations.of(length, gzipFields(length), gzipBoundaries).map(m -> new Case(this, true, m));
        return net.jqwik.api.Arbitraries.oneOf(content, compressed);
    }

    /** Writes the data set into {@code dir}, with {@code damaged} in place of its target. */
    static void writeSet(Path dir, List<FuzzTarget> set, Case damaged) throws IOException {
        Files.createDirectories(dir);
        for (FuzzTarget target : set) {
            byte[] bytes = target == damaged.target() ? damaged.damaged() : target.stored();
            Files.write(dir.resolve(target.name()), bytes);
        }
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
