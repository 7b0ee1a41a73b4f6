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
            checkpoint.loadInto(restored.stateDict(), file);
            for (int i = 0; i < original.params().size(); i++) {
                assertArrayEquals(original.params().get(i).value().toArray(), restored.params().get(i).value().toArray());
            }
            assertArrayEquals(new int[] {7, 5}, checkpoint.tensors().get("0.weight").shape());
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
        assertTrue(problem(writeRaw("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)).contains("only F32"));
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
                    () -> Checkpoint.read(file).loadInto(other.stateDict(), file)).getMessage();
            assertTrue(message.contains("0.weight has shape [7, 5], the model expects [8, 5]"), message);
            assertArrayEquals(before, other.params().getFirst().value().toArray());
            Param bias = other.params().get(1);
            assertEquals(0f, Buffers.get(bias.value().data(), 0));
        }
    }
}
