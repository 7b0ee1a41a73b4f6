package io.simdnn.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import io.simdnn.nn.data.DataFormatException;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.DatasetAgreement;
import io.simdnn.nn.data.TinyData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Damaged MNIST-style directories (the training pair gzipped, the test pair raw, as users have
 * them): every case loads correctly or fails with a {@link DataFormatException} naming the file.
 */
class IdxFuzzProperties {
    private static final Path ROOT = FuzzFiles.temporaryRoot("idx-fuzz");
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final List<FuzzTarget> SET = idxSet();
    private static final HostileLoad LOAD = new HostileLoad(DataFormatException.class);

    @Property(tries = 1500, seed = "20261205")
    void aDamagedIdxFileLoadsCorrectlyOrIsNamed(@ForAll("cases") FuzzTarget.Case damaged) throws IOException {
        Path dir = ROOT.resolve("case-" + CASES.incrementAndGet());
        FuzzTarget.writeSet(dir, SET, damaged);
        LOAD.judge(dir, damaged, () -> {
            DataSource source = DataSource.detect(dir);
            Dataset train = source.loadTrain();
            Dataset test = source.loadTest();
            DatasetAgreement.require(train, test);
            for (float pixel : train.features()) {
                assertTrue(pixel >= 0 && pixel <= 1, damaged + ": pixel " + pixel);
            }
        });
        FuzzFiles.deleteTree(dir);
    }

    @Provide
    Arbitrary<FuzzTarget.Case> cases() {
        return Arbitraries.oneOf(SET.stream().map(FuzzTarget::cases).toList());
    }

    @AfterContainer
    static void cleanUp() {
        LOAD.close();
        FuzzFiles.deleteTree(ROOT);
    }

    /** Eight 5 x 5 training images and three test images of random pixels, labels in [0, 10). */
    private static List<FuzzTarget> idxSet() {
        SplittableRandom random = new SplittableRandom(17);
        List<FuzzTarget> set = new ArrayList<>();
        for (String split : List.of("train", "t10k")) {
            int count = split.equals("train") ? 8 : 3;
            boolean gzip = split.equals("train");
            byte[] pixels = new byte[count * 25];
            byte[] labels = new byte[count];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) random.nextInt(256);
            }
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) random.nextInt(10);
            }
            String suffix = gzip ? ".gz" : "";
            set.add(target(split + "-images-idx3-ubyte" + suffix, idx(new int[] {count, 5, 5}, pixels), gzip, 3));
            set.add(target(split + "-labels-idx1-ubyte" + suffix, idx(new int[] {count}, labels), gzip, 1));
        }
        return set;
    }

    private static byte[] idx(int[] dimensions, byte[] data) {
        try {
            return TinyData.idx(8, dimensions, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The magic number and each dimension are fields; each ends a region, as does the data. */
    private static FuzzTarget target(String name, byte[] content, boolean gzip, int rank) {
        List<Mutations.Field> fields = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>();
        for (int field = 0; field <= rank; field++) {
            fields.add(new Mutations.Field(4 * field, 4, true));
            boundaries.add(4 * field + 4);
        }
        fields.add(new Mutations.Field(2, 1, true)); // the type byte alone
        fields.add(new Mutations.Field(3, 1, true)); // the rank byte alone
        boundaries.add(content.length);
        return new FuzzTarget(name, content, gzip, fields, boundaries);
    }
}
