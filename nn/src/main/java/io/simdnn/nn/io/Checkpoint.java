package io.simdnn.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read back and validated: tensor names, shapes and float32 values, and the
 * {@code __metadata__} strings. Every inconsistency (header length beyond the file or above
 * {@link #MAX_HEADER_BYTES}, malformed JSON, a dtype other than F32, a shape that does not match
 * its byte range, ranges outside the data area, overlapping or leaving gaps) is a
 * {@link CorruptCheckpointException} naming the file and the problem.
 *
 * @param tensors  the tensors by name, in file order
 * @param metadata the {@code __metadata__} strings (empty when the file has none)
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Headers larger than this are refused before reading them (the format's reference limit). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /**
     * One tensor: shape and values, in file order.
     *
     * @param shape  the dimensions, outermost first
     * @param values the elements, row-major, converted to native order
     */
    public record Tensor(int[] shape, float[] values) {}

    /** A checkpoint file that is not valid safetensors as simdnn writes it. */
    public static final class CorruptCheckpointException extends IOException {
        /**
         * An exception whose message is {@code file: corrupt checkpoint: problem}.
         *
         * @param file    the file at fault
         * @param problem what is wrong with it
         */
        public CorruptCheckpointException(Path file, String problem) {
            super(file + ": corrupt checkpoint: " + problem);
        }
    }

    /**
     * Copies every tensor of {@code state} (a model's {@code stateDict()}: parameters and buffers
     * such as batch-norm running statistics) from this checkpoint, checking that names and shapes
     * match exactly; nothing is written unless all of them match.
     *
     * @param state the model's tensors by name, overwritten with this checkpoint's values
     * @param file  the file this checkpoint came from, for messages
     * @throws CorruptCheckpointException if the tensor names, count or shapes differ
     */
    public void loadInto(Map<String, io.simdnn.nn.tensor.Tensor> state, Path file) throws CorruptCheckpointException {
        if (state.size() != tensors.size()) {
            throw new CorruptCheckpointException(file, "holds " + tensors.size() + " tensors, the model has " + state.size()
                    + " (parameters and buffers)");
        }
        for (Map.Entry<String, io.simdnn.nn.tensor.Tensor> target : state.entrySet()) {
            Tensor tensor = tensors.get(target.getKey());
            if (tensor == null) {
                throw new CorruptCheckpointException(file, "has no tensor " + target.getKey());
            }
            if (!java.util.Arrays.equals(tensor.shape(), target.getValue().shape())) {
                throw new CorruptCheckpointException(file, "tensor " + target.getKey() + " has shape " + java.util.Arrays.toString(tensor.shape())
                        + ", the model expects " + java.util.Arrays.toString(target.getValue().shape()));
            }
        }
        for (Map.Entry<String, io.simdnn.nn.tensor.Tensor> target : state.entrySet()) {
            float[] values = tensors.get(target.getKey()).values();
            java.lang.foreign.MemorySegment.copy(values, 0, target.getValue().data(), io.simdnn.kernels.Buffers.FLOAT, 0, values.length);
        }
    }

    /**
     * Reads and validates a safetensors file.
     *
     * @param file the file
     * @return its tensors and metadata
     * @throws CorruptCheckpointException if the file is not valid safetensors as described above
     * @throws IOException if it cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CorruptCheckpointException(file, "only " + size + " bytes, not even a header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw new CorruptCheckpointException(file, "header length " + headerLength + " does not fit a "
                        + size + "-byte file (limit " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            Object parsed;
            try {
                parsed = JsonParser.parse(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(file, "header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw new CorruptCheckpointException(file, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> item : header.entrySet()) {
                String name = (String) item.getKey();
                if (name.equals("__metadata__")) {
                    if (!(item.getValue() instanceof Map<?, ?> meta)) {
                        throw new CorruptCheckpointException(file, "__metadata__ is not an object");
                    }
                    for (Map.Entry<?, ?> m : meta.entrySet()) {
                        if (!(m.getValue() instanceof String value)) {
                            throw new CorruptCheckpointException(file, "__metadata__ value of " + m.getKey() + " is not a string");
                        }
                        metadata.put((String) m.getKey(), value);
                    }
                    continue;
                }
                entries.add(entry(file, name, item.getValue(), dataSize));
            }
            entries.sort((x, y) -> Long.compare(x.begin, y.begin));
            long expected = 0;
            for (Entry entry : entries) {
                if (entry.begin != expected) {
                    throw new CorruptCheckpointException(file, "tensor " + entry.name + " starts at byte " + entry.begin
                            + " of the data, expected " + expected + " (overlap or gap)");
                }
                expected = entry.end;
            }
            if (expected != dataSize) {
                throw new CorruptCheckpointException(file, "tensors cover " + expected + " bytes but the data area has " + dataSize);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                ByteBuffer data = ByteBuffer.allocate((int) (entry.end - entry.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, dataStart + entry.begin, file);
                float[] values = new float[data.capacity() / 4];
                data.flip().asFloatBuffer().get(values);
                tensors.put(entry.name, new Tensor(entry.shape, values));
            }
            return new Checkpoint(tensors, metadata);
        }
    }

    private record Entry(String name, int[] shape, long begin, long end) {}

    private static Entry entry(Path file, String name, Object description, long dataSize) throws CorruptCheckpointException {
        if (!(description instanceof Map<?, ?> fields)) {
            throw new CorruptCheckpointException(file, "tensor " + name + " is not described by an object");
        }
        if (!"F32".equals(fields.get("dtype"))) {
            throw new CorruptCheckpointException(file, "tensor " + name + " has dtype " + fields.get("dtype") + "; only F32 is supported");
        }
        if (!(fields.get("shape") instanceof List<?> dims) || !(fields.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw new CorruptCheckpointException(file, "tensor " + name + " needs a shape and two data_offsets");
        }
        int[] shape = new int[dims.size()];
        long elements = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw new CorruptCheckpointException(file, "tensor " + name + " has a bad dimension " + dims.get(d));
            }
            shape[d] = (int) (long) dim;
            elements *= dim;
            if (elements > Integer.MAX_VALUE / 4) {
                throw new CorruptCheckpointException(file, "tensor " + name + " is too large");
            }
        }
        if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin || end > dataSize) {
            throw new CorruptCheckpointException(file, "tensor " + name + " has data_offsets " + offsets + " outside the "
                    + dataSize + "-byte data area");
        }
        if (end - begin != elements * 4) {
            throw new CorruptCheckpointException(file, "tensor " + name + " of shape " + java.util.Arrays.toString(shape)
                    + " needs " + elements * 4 + " bytes but data_offsets span " + (end - begin));
        }
        return new Entry(name, shape, begin, end);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new CorruptCheckpointException(file, "truncated at byte " + at);
            }
            at += read;
        }
    }
}
