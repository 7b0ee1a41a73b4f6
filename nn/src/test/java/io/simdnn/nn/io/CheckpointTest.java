package io.simdnn.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written by {@link Safetensors} read back exactly; every kind of corruption is named. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static Model model(long seed) {
        Model model = new Model(ModelSpec.parse("mlp:7").layers(3, Initializer.HE), new int[] {5}, 4);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    @Test
    void roundTripRestoresEveryWeightAndTheMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Model original = model(1); Model restored = model(2)) {
            Safetensors.write(file, original.stateDict(), Map.of("architecture", "mlp:7", "note", "uni\u00e7ode \"quoted\""));
            Checkpoint checkpoint = Checkpoint.read(file);
            assertEquals("uni\u00e7ode \"quoted\"", checkpoint.metadata().get("note"));
            checkpoint.loadInto(restored.stateDict(), restored.integerBuffers(), file);
            for (int i = 0; i < original.params().size(); i++) {
                assertArrayEquals(original.params().get(i).value().toArray(), restored.params().get(i).value().toArray());
            }
            assertArrayEquals(new int[] {7, 5}, checkpoint.tensors().get("1.weight").shape());
        }
    }

    private Path writeRaw(String header, int dataBytes) throws IOException {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + headerBytes.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerBytes.length).put(headerBytes);
        Path file = dir.resolve("bad-" + Math.abs(header.hashCode()) + "-" + dataBytes + ".safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private String problem(Path file) {
        return assertThrows(Checkpoint.CorruptCheckpointException.class, () -> Checkpoint.read(file)).getMessage();
    }

    @Test
    void corruptFilesAreRejectedWithTheProblemNamed() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(problem(tiny).contains("not even a header length"));

        Path hugeHeader = dir.resolve("huge");
        Files.write(hugeHeader, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertTrue(problem(hugeHeader).contains("header length"));

        assertTrue(problem(writeRaw("{\"a\":", 0)).contains("not valid JSON"));
        String f16 = problem(writeRaw("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
        assertTrue(f16.contains("tensor w has dtype F16; only F32 and the integer types BOOL, U8, I8, U16, I16, U32, I32, U64, I64"), f16);
        assertTrue(problem(writeRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).contains("needs 12 bytes"));
        assertTrue(problem(writeRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4)).contains("outside"));
        assertTrue(problem(writeRaw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)).contains("overlap or gap"));
        assertTrue(problem(writeRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8)).contains("cover 4 bytes"));

        Path good = dir.resolve("good.safetensors");
        try (Model model = model(3)) {
            Safetensors.write(good, model.stateDict(), Map.of());
        }
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        assertTrue(problem(truncated).contains("data area"), problem(truncated));
    }

    @Test
    void loadingIntoAModelOfAnotherShapeWritesNothing() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Model small = model(1); Model other = new Model(ModelSpec.parse("mlp:8").layers(3, Initializer.HE), new int[] {5}, 4)) {
            Safetensors.write(file, small.stateDict(), Map.of());
            float[] before = other.params().getFirst().value().toArray();
            String message = assertThrows(Checkpoint.CorruptCheckpointException.class,
                    () -> Checkpoint.read(file).loadInto(other.stateDict(), other.integerBuffers(), file)).getMessage();
            assertTrue(message.contains("1.weight has shape [7, 5], the model expects [8, 5]"), message);
            assertArrayEquals(before, other.params().getFirst().value().toArray());
            Param bias = other.params().get(1);
            assertEquals(0f, Buffers.get(bias.value().data(), 0));
        }
    }

    private Path writeRaw(byte[] header, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length).put(header).put(data);
        Path file = dir.resolve("raw-" + Arrays.hashCode(header) + "-" + data.length + ".safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    @Test
    void headerProblemsAreOneLineMessagesNamingTheFile() throws IOException {
        String tensor = "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("{\"x\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{}}}}}}}}," + tensor + "}",
                "header nests JSON deeper than 8 levels");
        expected.put("{" + tensor + "," + tensor + "}", "header names w twice");
        expected.put("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}," + tensor + "}", "__metadata__ names k twice");
        expected.put("{\"__metadata__\":{\"k\":1}," + tensor + "}", "__metadata__ value of k is not a string");
        expected.put("{\"__metadata__\":[]," + tensor + "}", "__metadata__ is not an object");
        expected.put("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor w names dtype twice");
        expected.put("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", "tensor w has a bad dimension 1.0");
        expected.put("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4e0]}}", "tensor w has data_offsets [0, 4e0] that are not integers");
        expected.put("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", "tensor w has a shape entry that is not a number");
        expected.put("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor w needs a dtype, a shape and two data_offsets");
        expected.put("{\"w\":[]}", "tensor w is not described by an object");
        expected.put("[" + "{" + tensor + "}]", "header is not a JSON object");
        expected.put("{" + tensor + "} {}", "header is not valid JSON: malformed JSON at line 1 column");
        expected.put("{'w':{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "header is not valid JSON");
        expected.put("{" + tensor + ",}", "header is not valid JSON");
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            Path file = writeRaw(entry.getKey(), 4);
            String message = problem(file);
            assertTrue(message.startsWith(file + ": corrupt checkpoint: "), message);
            assertTrue(message.contains(entry.getValue()), entry.getKey() + " gave: " + message);
            assertEquals(1, message.lines().count(), message);
        }
        // a header of bytes that are not UTF-8
        byte[] bad = "{\"w\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(problem(writeRaw(bad, new byte[0])).contains("header is not valid UTF-8"));
        // fields other tools add are skipped, if not nested too deeply
        Checkpoint extra = Checkpoint.read(writeRaw("{\"w\":{\"dtype\":\"F32\",\"note\":{\"a\":[1,2]},\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}", 4));
        assertArrayEquals(new float[] {0}, extra.tensors().get("w").values());
    }

    @Test
    void integerTensorsOfEveryTypeAreReadWithTheirValues() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder header = new StringBuilder("{");
        int[] offset = {0};
        java.util.function.BiConsumer<String, int[]> entry = (dtype, range) -> header.append(header.length() > 1 ? "," : "")
                .append('"').append(dtype.toLowerCase()).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":[")
                .append(range[0]).append("],\"data_offsets\":[").append(range[1]).append(',').append(range[2]).append("]}");
        entry.accept("I64", new int[] {1, offset[0], offset[0] += 8});
        data.putLong(-5);
        entry.accept("U64", new int[] {1, offset[0], offset[0] += 8});
        data.putLong(-1); // 2^64 - 1
        entry.accept("I32", new int[] {2, offset[0], offset[0] += 8});
        data.putInt(Integer.MIN_VALUE).putInt(7);
        entry.accept("U32", new int[] {1, offset[0], offset[0] += 4});
        data.putInt(-1);
        entry.accept("I16", new int[] {1, offset[0], offset[0] += 2});
        data.putShort((short) -300);
        entry.accept("U16", new int[] {1, offset[0], offset[0] += 2});
        data.putShort((short) 65535);
        entry.accept("I8", new int[] {1, offset[0], offset[0] += 1});
        data.put((byte) -128);
        entry.accept("U8", new int[] {2, offset[0], offset[0] += 2});
        data.put((byte) 200).put((byte) 3);
        entry.accept("BOOL", new int[] {2, offset[0], offset[0] += 2});
        data.put((byte) 1).put((byte) 0);
        header.append('}');
        Checkpoint checkpoint = Checkpoint.read(writeRaw(header.toString().getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(data.array(), offset[0])));
        Map<String, Checkpoint.IntegerTensor> integers = checkpoint.integerTensors();
        assertEquals(java.util.List.of("i64", "u64", "i32", "u32", "i16", "u16", "i8", "u8", "bool"), java.util.List.copyOf(integers.keySet()));
        assertTrue(checkpoint.tensors().isEmpty());
        assertArrayEquals(new long[] {-5}, integers.get("i64").values());
        assertEquals("18446744073709551615", Long.toUnsignedString(integers.get("u64").values()[0]));
        assertArrayEquals(new long[] {Integer.MIN_VALUE, 7}, integers.get("i32").values());
        assertArrayEquals(new long[] {0xffff_ffffL}, integers.get("u32").values());
        assertArrayEquals(new long[] {-300}, integers.get("i16").values());
        assertArrayEquals(new long[] {65535}, integers.get("u16").values());
        assertArrayEquals(new long[] {-128}, integers.get("i8").values());
        assertArrayEquals(new long[] {200, 3}, integers.get("u8").values());
        assertArrayEquals(new long[] {1, 0}, integers.get("bool").values());
        assertEquals(IntegerType.U16, integers.get("u16").type());
    }

    /** A model whose only integer buffer is its batch norm's counter, 2.num_batches_tracked. */
    private static Model batchNormModel() {
        return new Model(ModelSpec.parse("flatten,dense3,bn,relu,dense2").layers(2, Initializer.HE), new int[] {1, 2, 2}, 4);
    }

    @Test
    void integerBuffersLoadInAnyIntegerTypeAndAreWrittenBackAsTheModelsType() throws IOException {
        try (Model model = batchNormModel(); Model restored = batchNormModel()) {
            model.initialize(new SplittableRandom(1));
            model.integerBuffers().get("2.num_batches_tracked").set(0, 1234);
            Path written = dir.resolve("bn.safetensors");
            Safetensors.write(written, model.stateDict(), model.integerBuffers(), Map.of());
            Checkpoint checkpoint = Checkpoint.read(written);
            assertEquals(IntegerType.I64, checkpoint.integerTensors().get("2.num_batches_tracked").type());
            assertArrayEquals(new int[0], checkpoint.integerTensors().get("2.num_batches_tracked").shape());

            // the same state with the counter stored as I32, as another tool may write it
            Map<String, Checkpoint.IntegerTensor> asI32 = Map.of("2.num_batches_tracked",
                    new Checkpoint.IntegerTensor(IntegerType.I32, new int[0], new long[] {77}));
            new Checkpoint(checkpoint.tensors(), asI32, Map.of()).loadInto(restored.stateDict(), restored.integerBuffers(), written);
            assertEquals(77, restored.integerBuffers().get("2.num_batches_tracked").get(0));
            assertEquals(IntegerType.I64, restored.integerBuffers().get("2.num_batches_tracked").type());
            assertArrayEquals(model.params().getFirst().value().toArray(), restored.params().getFirst().value().toArray());

            // without the counter (older files): the rest loads, the counter keeps its value
            new Checkpoint(checkpoint.tensors(), Map.of(), Map.of()).loadInto(restored.stateDict(), restored.integerBuffers(), written);
            assertEquals(77, restored.integerBuffers().get("2.num_batches_tracked").get(0));

            Map<String, Checkpoint.IntegerTensor> huge = Map.of("2.num_batches_tracked",
                    new Checkpoint.IntegerTensor(IntegerType.U64, new int[0], new long[] {-1}));
            Map<String, Checkpoint.IntegerTensor> unknown = Map.of("4.steps",
                    new Checkpoint.IntegerTensor(IntegerType.I64, new int[0], new long[] {1}));
            Map<String, Checkpoint.IntegerTensor> wrongShape = Map.of("2.num_batches_tracked",
                    new Checkpoint.IntegerTensor(IntegerType.I64, new int[] {2}, new long[] {1, 2}));
            float[] before = restored.params().getFirst().value().toArray();
            Map<Map<String, Checkpoint.IntegerTensor>, String> problems = Map.of(
                    huge, "integer tensor 2.num_batches_tracked: U64 value 18446744073709551615 does not fit I64",
                    unknown, "has an integer tensor 4.steps (I64) the model has no buffer for (the model's integer buffers: 2.num_batches_tracked)",
                    wrongShape, "integer tensor 2.num_batches_tracked has shape [2], the model expects []");
            for (Map.Entry<Map<String, Checkpoint.IntegerTensor>, String> problem : problems.entrySet()) {
                Checkpoint withFloats = new Checkpoint(checkpoint.tensors(), problem.getKey(), Map.of());
                String message = assertThrows(Checkpoint.CorruptCheckpointException.class,
                        () -> withFloats.loadInto(restored.stateDict(), restored.integerBuffers(), written)).getMessage();
                assertTrue(message.contains(problem.getValue()), message);
            }
            assertEquals(77, restored.integerBuffers().get("2.num_batches_tracked").get(0), "nothing written on failure");
            assertArrayEquals(before, restored.params().getFirst().value().toArray());
        }
    }

    @Test
    void missingAndUnexpectedTensorsAreNamed() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Model mlp = model(1); Model bn = batchNormModel()) {
            Safetensors.write(file, mlp.stateDict(), Map.of());
            Checkpoint checkpoint = Checkpoint.read(file);
            String missing = assertThrows(Checkpoint.CorruptCheckpointException.class,
                    () -> checkpoint.loadInto(bn.stateDict(), bn.integerBuffers(), file)).getMessage();
            assertTrue(missing.contains("has no tensor 2.weight (the model's 8 tensors: 1.weight, 1.bias, 2.weight, 2.bias, "
                    + "2.running_mean, 2.running_var, 4.weight, 4.bias; the file's 4 tensors: 1.weight, 1.bias, 3.weight, 3.bias)"), missing);
            Map<String, io.simdnn.nn.tensor.Tensor> fewer = new java.util.LinkedHashMap<>(mlp.stateDict());
            fewer.remove("3.bias");
            String unexpected = assertThrows(Checkpoint.CorruptCheckpointException.class,
                    () -> checkpoint.loadInto(fewer, Map.of(), file)).getMessage();
            assertTrue(unexpected.contains("has a tensor 3.bias the model does not have"), unexpected);
        }
    }

    @Test
    void nonFiniteWeightsAndUnopenableFilesAreNamed() throws IOException {
        Path nan = new TorchStyleFile().f32("0.weight", new int[] {2}, 1f, 2f).f32("0.bias", new int[] {3}, 0f, Float.NaN, 1f)
                .write(dir.resolve("nan.safetensors"));
        assertEquals(nan + ": corrupt checkpoint: tensor 0.bias holds NaN at index 1 (weights must be finite)", problem(nan));
        Path inf = new TorchStyleFile().f32("w", new int[] {1}, Float.NEGATIVE_INFINITY).write(dir.resolve("inf.safetensors"));
        assertEquals(inf + ": corrupt checkpoint: tensor w holds -Infinity at index 0 (weights must be finite)", problem(inf));

        Path missing = dir.resolve("missing.safetensors");
        assertEquals(missing + ": no such file", assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Checkpoint.read(missing)).getMessage());
        assertEquals(dir + ": corrupt checkpoint: is a directory, not a safetensors file", problem(dir));
    }
}
