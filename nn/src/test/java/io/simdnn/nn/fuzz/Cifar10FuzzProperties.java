package io.simdnn.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import io.simdnn.nn.data.Cifar10Format;
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
 * Damaged CIFAR-10 directories (six batches of three records; the second training batch and the
 * test batch gzipped): every case loads correctly or fails with a {@link DataFormatException}
 * naming the file. The "header" of a record is its label byte, set to extremes.
 */
class Cifar10FuzzProperties {
    private static final int RECORDS = 3;
    private static final Path ROOT = FuzzFiles.temporaryRoot("cifar-fuzz");
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final List<FuzzTarget> SET = cifarSet();
    private static final HostileLoad LOAD = new HostileLoad(DataFormatException.class);

    @Property(tries = 1200, seed = "20261205")
    void aDamagedBatchLoadsCorrectlyOrIsNamed(@ForAll("cases") FuzzTarget.Case damaged) throws IOException {
        Path dir = ROOT.resolve("case-" + CASES.incrementAndGet());
        FuzzTarget.writeSet(dir, SET, damaged);
        LOAD.judge(dir, damaged, () -> {
            DataSource source = DataSource.detect(dir);
            Dataset train = source.loadTrain();
            Dataset test = source.loadTest();
            DatasetAgreement.require(train, test);
            assertTrue(train.count() == 5 * RECORDS && test.count() == RECORDS, damaged + ": record counts");
            for (float pixel : test.features()) {
                assertTrue(pixel >= 0 && pixel <= 1, damaged + ": pixel " + pixel);
            }
        });
        FuzzFiles.deleteTree(dir);
    }

    @Provide
    Arbitrary<FuzzTarget.Case> cases() {
        // the first batch (the one the others are measured against), a gzipped one and the test batch
        return Arbitraries.oneOf(SET.get(0).cases(), SET.get(1).cases(), SET.getLast().cases());
    }

    @AfterContainer
    static void cleanUp() {
        LOAD.close();
        FuzzFiles.deleteTree(ROOT);
    }

    private static List<FuzzTarget> cifarSet() {
        byte[] records = TinyData.cifarRecords(3, 9, 0);
        List<Mutations.Field> labels = new ArrayList<>();
        List<Integer> boundaries = new ArrayList<>();
        for (int r = 0; r < RECORDS; r++) {
            labels.add(new Mutations.Field(r * Cifar10Format.RECORD_BYTES, 1, false));
            boundaries.add(r * Cifar10Format.RECORD_BYTES + 1);
            boundaries.add((r + 1) * Cifar10Format.RECORD_BYTES);
        }
        List<FuzzTarget> set = new ArrayList<>();
        for (String name : Cifar10Format.ALL_FILES) {
            boolean gzip = name.equals("data_batch_2.bin") || name.equals(Cifar10Format.TEST_FILE);
            set.add(new FuzzTarget(name + (gzip ? ".gz" : ""), records, gzip, labels, boundaries));
        }
        return set;
    }
}
