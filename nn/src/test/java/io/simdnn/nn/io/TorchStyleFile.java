package io.simdnn.nn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test support: a safetensors file put together byte by byte as PyTorch's
 * {@code safetensors.torch.save_file(model.state_dict(), path, metadata)} lays it out, without any
 * simdnn code: {@code __metadata__} first, then the tensors sorted by element size (largest first)
 * and name, {@code num_batches_tracked} as an {@code I64} scalar of shape {@code []}. Unlike
 * PyTorch's writer it does not pad the header, so the data area may start unaligned: readers must
 * not depend on the padding.
 */
public final class TorchStyleFile {
    private record Entry(String name, String dtype, int elementBytes, int[] shape, byte[] data) {}

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    /** Adds a metadata string (keys and values without quotes or backslashes). */
    public TorchStyleFile metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds an F32 tensor of {@code shape} with its values in row-major order. */
    public TorchStyleFile f32(String name, int[] shape, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putFloat(value);
        }
        entries.add(new Entry(name, "F32", 4, shape.clone(), data.array()));
        return this;
    }

    /** Adds an I64 tensor of {@code shape} ({@code new int[0]} for a scalar such as {@code num_batches_tracked}). */
    public TorchStyleFile i64(String name, int[] shape, long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            data.putLong(value);
        }
        entries.add(new Entry(name, "I64", 8, shape.clone(), data.array()));
        return this;
    }

    /** The header's JSON text, exactly as written (no padding). */
    public String header() {
        List<Entry> sorted = sorted();
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{").append(metadata.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(","))).append("},");
        }
        long offset = 0;
        for (Entry entry : sorted) {
            json.append(quote(entry.name())).append(":{\"dtype\":").append(quote(entry.dtype())).append(",\"shape\":[");
            for (int d = 0; d < entry.shape().length; d++) {
                json.append(d == 0 ? "" : ",").append(entry.shape()[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + entry.data().length).append("]},");
            offset += entry.data().length;
        }
        json.setLength(json.length() - 1);
        return json.append('}').toString();
    }

    /** The whole file: header length (8 bytes, little-endian), the unpadded header, the data. */
    public byte[] bytes() throws IOException {
        byte[] header = header().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (Entry entry : sorted()) {
            out.write(entry.data());
        }
        return out.toByteArray();
    }

    /** Writes {@link #bytes()} to {@code file}. */
    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private List<Entry> sorted() {
        return entries.stream().sorted(Comparator.comparingInt(Entry::elementBytes).reversed().thenComparing(Entry::name)).toList();
    }

    private static String quote(String text) {
        if (text.contains("\"") || text.contains("\\")) {
            throw new IllegalArgumentException("no quotes or backslashes in test names: " + text);
        }
        return "\"" + text + "\"";
    }
}
