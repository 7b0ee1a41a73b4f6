package io.simdnn.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.simdnn.nn.Model;
import io.simdnn.nn.TestModels;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Checkpoint.CorruptCheckpointException;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.io.TorchStyleFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Damaged safetensors files: a model file as simdnn writes it (every stateful layer, batch norm's
 * I64 counters, padded header) and one laid out as PyTorch writes it (unpadded). Besides the byte
 * damage every format gets, the JSON header is nested deep, its numbers and strings are replaced
 * by hostile ones and stray text is inserted. Every case reads correctly or fails with a
 * {@link CorruptCheckpointException} naming the file.
 */
class SafetensorsFuzzProperties {
    private static final Path ROOT = FuzzFiles.temporaryRoot("safetensors-fuzz");
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final List<FuzzTarget> FILES = List.of(target("model.safetensors", simdnnModelFile()),
            target("torch.safetensors", torchStyleFile()));
    private static final HostileLoad LOAD = new HostileLoad(CorruptCheckpointException.class);

    private static final List<String> NUMBERS = List.of("0", "-1", "-0", "1.5", "1e3", "1e400", "2147483647", "2147483648",
            "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999999", "NaN", "[]", "null");
    private static final List<String> STRINGS = List.of("\"\"", "\"F64\"", "\"__metadata__\"", "\"data_offsets\"",
            "\"shape\"", "\"dtype\"", "\"0.weight\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\x\"", "1", "{}", "[]",
            "\"" + "a".repeat(1 << 20) + "\"");
    private static final List<String> INSERTIONS = List.of("{", "}", "[", "]", ",", ":", "\"", "null", "NaN", "//c\n",
            "\"k\":1,", "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},");

    @Property(tries = 1500, seed = "20261205")
    void aDamagedSafetensorsFileReadsCorrectlyOrIsNamed(@ForAll("cases") FuzzTarget.Case damaged) throws IOException {
        Path dir = ROOT.resolve("case-" + CASES.incrementAndGet());
        FuzzTarget.writeSet(dir, List.of(damaged.target()), damaged);
        Path file = dir.resolve(damaged.target().name());
        LOAD.judge(dir, damaged, () -> {
            Checkpoint read = Checkpoint.read(file);
            for (Checkpoint.Tensor tensor : read.tensors().values()) {
                for (float value : tensor.values()) {
                    assertTrue(Float.isFinite(value), damaged + ": a non-finite weight was accepted");
                }
            }
        });
        FuzzFiles.deleteTree(dir);
    }

    @Provide
    Arbitrary<FuzzTarget.Case> cases() {
        return Arbitraries.of(FILES).flatMap(target -> Arbitraries.frequencyOf(
                Tuple.of(3, target.cases()),
                Tuple.of(2, headerMutations().map(mutation -> new FuzzTarget.Case(target, false, mutation)))));
    }

    private static Arbitrary<Mutation> headerMutations() {
        Arbitrary<Mutation> nest = Arbitraries.of(7, 8, 9, 64, 10_000, 200_000)
                .flatMap(depth -> Arbitraries.of(true, false).map(objects -> new HeaderMutation.Nest(depth, objects)));
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 10_000);
        Arbitrary<Mutation> number = index.flatMap(i -> Arbitraries.of(NUMBERS).map(n -> new HeaderMutation.ReplaceNumber(i, n)));
        Arbitrary<Mutation> string = index.flatMap(i -> Arbitraries.of(STRINGS).map(s -> new HeaderMutation.ReplaceString(i, s)));
        Arbitrary<Mutation> insert = index.flatMap(i -> Arbitraries.of(INSERTIONS).map(t -> new HeaderMutation.Insert(i, t)));
        return Arbitraries.frequencyOf(Tuple.of(1, nest), Tuple.of(3, number), Tuple.of(2, string), Tuple.of(2, insert));
    }

    @AfterContainer
    static void cleanUp() {
        LOAD.close();
        FuzzFiles.deleteTree(ROOT);
    }

    /** The header length is a field; regions end after it, after the header and after each tensor's data. */
    private static FuzzTarget target(String name, byte[] content) {
        long headerLength = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(content, 8, (int) headerLength, StandardCharsets.UTF_8);
        List<Integer> boundaries = new ArrayList<>(List.of(8, 8 + (int) headerLength));
        Matcher offsets = Pattern.compile("\"data_offsets\":\\[\\d+,(\\d+)]").matcher(header);
        while (offsets.find()) {
            boundaries.add(8 + (int) headerLength + Integer.parseInt(offsets.group(1)));
        }
        return new FuzzTarget(name, content, false, List.of(new Mutations.Field(0, 8, false), new Mutations.Field(0, 4, false),
                new Mutations.Field(4, 4, false)), boundaries);
    }

    private static byte[] simdnnModelFile() {
        try (Model model = TestModels.model(1)) {
            Path file = ROOT.resolve("intact-model.safetensors");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("architecture", TestModels.SPEC);
            metadata.put("standardization_mean", "0.5");
            Safetensors.write(file, model.stateDict(), model.integerBuffers(), metadata);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] torchStyleFile() {
        try {
            return new TorchStyleFile().metadata("format", "pt").f32("0.weight", new int[] {2, 3}, 1, 2, 3, 4, 5, 6)
                    .f32("0.bias", new int[] {2}, -1, 1).i64("1.num_batches_tracked", new int[0], 7).bytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
