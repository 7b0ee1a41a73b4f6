package io.simdnn.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Tensor tensor(Arena arena, float[] values, int... shape) {
        return new Tensor(shape, Buffers.copyOf(arena, values));
    }

    @Test
    void writesTheSafetensorsLayout() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
            tensors.put("0.weight", tensor(arena, new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            tensors.put("0.bias", tensor(arena, new float[] {-1.5f, 0.25f}, 2));
            Safetensors.write(file, tensors, Map.of("model", "dense(3->2) \"quoted\""));
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        assertEquals(0, (8 + headerLength) % 8, "data must start 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8).trim();
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        assertTrue(header.contains("\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}"), header);
        assertTrue(header.contains("\"__metadata__\":{\"model\":\"dense(3->2) \\\"quoted\\\"\"}"), header);
        assertEquals(8 + headerLength + 32, bytes.length);
        buffer.position((int) (8 + headerLength));
        float[] data = new float[8];
        for (int i = 0; i < 8; i++) {
            data[i] = buffer.getFloat();
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, -1.5f, 0.25f}, data);
    }

    @Test
    void aFailedWriteLeavesTheOldCheckpointIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "the good checkpoint");
        Arena closed = Arena.ofConfined();
        Tensor broken = tensor(closed, new float[] {1, 2}, 2);
        closed.close(); // its memory is gone: writing the data fails midway
        assertThrows(IllegalStateException.class, () -> Safetensors.write(file, Map.of("0.weight", broken), Map.of()));
        assertEquals("the good checkpoint", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void integerBuffersComeFirstEveryTensorIsAlignedAndTheHeaderIsPaddedInBytes() throws IOException {
        Path file = dir.resolve("mixed.safetensors");
        IntegerBuffer counter = new IntegerBuffer(IntegerType.I64);
        counter.set(0, 1L << 40);
        IntegerBuffer small = new IntegerBuffer(IntegerType.I16, 3);
        small.set(0, -7);
        small.set(2, 300);
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
            tensors.put("0.weight", tensor(arena, new float[] {1, 2, 3}, 3)); // 12 bytes: the next tensor starts at 4 mod 8
            Map<String, IntegerBuffer> integers = new java.util.LinkedHashMap<>();
            integers.put("1.small", small);
            integers.put("1.num_batches_tracked", counter);
            Safetensors.write(file, tensors, integers, Map.of("note", "\u00e7\u00e7\u00e7")); // 2 bytes per character in UTF-8
        }
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "the data starts 8-byte aligned, counted in bytes");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}"), header);
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}"), header);
        assertTrue(header.contains("\"1.small\":{\"dtype\":\"I16\",\"shape\":[3],\"data_offsets\":[20,26]}"), header);
        Checkpoint read = Checkpoint.read(file);
        assertArrayEquals(new long[] {1L << 40}, read.integerTensors().get("1.num_batches_tracked").values());
        assertArrayEquals(new long[] {-7, 0, 300}, read.integerTensors().get("1.small").values());
        assertEquals(IntegerType.I16, read.integerTensors().get("1.small").type());
        assertArrayEquals(new float[] {1, 2, 3}, read.tensors().get("0.weight").values());
        assertEquals("\u00e7\u00e7\u00e7", read.metadata().get("note"));
    }

    @Test
    void duplicateAndReservedNamesAreRefusedBeforeWriting() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = Map.of("2.num_batches_tracked", tensor(arena, new float[] {1}, 1));
            String twice = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, tensors,
                    Map.of("2.num_batches_tracked", new IntegerBuffer(IntegerType.I64)), Map.of())).getMessage();
            assertTrue(twice.contains("two tensors are named 2.num_batches_tracked"), twice);
            String reserved = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                    Map.of("__metadata__", tensor(arena, new float[] {1}, 1)), Map.of())).getMessage();
            assertTrue(reserved.contains("a tensor cannot be named __metadata__"), reserved);
        }
        assertTrue(Files.notExists(file));
    }

    @Test
    void aTargetThatCannotBeWrittenIsNamedWithTheReason() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADirectory.resolve("model.safetensors");
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = Map.of("w", tensor(arena, new float[] {1}, 1));
            String message = assertThrows(IOException.class, () -> Safetensors.write(target, tensors, Map.of())).getMessage();
            assertEquals(target + ": cannot be written: " + notADirectory + " exists and is not a directory", message);
        }
    }

    @Test
    void staleTemporariesOfDeadWritersAreDeletedAndALiveWritersKept() throws IOException {
        long dead = 999_999_999L; // above Linux's largest pid (2^22): no such process
        Path stale = Files.writeString(dir.resolve(".checkpoint.safetensors." + dead + ".123.partial"), "half");
        Path live = Files.writeString(dir.resolve(".checkpoint.safetensors." + ProcessHandle.current().pid() + ".456.partial"), "busy");
        Path other = Files.writeString(dir.resolve(".notes.partial"), "not ours");
        assertEquals(List.of(stale), Safetensors.deleteStaleTemporaries(dir));
        assertTrue(Files.exists(live) && Files.exists(other) && !Files.exists(stale));
        assertEquals(List.of(), Safetensors.deleteStaleTemporaries(dir.resolve("absent")));
    }
}
