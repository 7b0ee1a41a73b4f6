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
}
