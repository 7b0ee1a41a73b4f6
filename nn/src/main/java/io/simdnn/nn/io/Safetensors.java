package io.simdnn.nn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.Tensor;

/**
 * Writes checkpoints in the safetensors format: an 8-byte little-endian header length, a JSON
 * header ({@code name -> {dtype, shape, data_offsets}} plus {@code __metadata__} strings), then the
 * raw little-endian float32 data. Tensor names follow PyTorch's {@code Sequential} ({@code 0.weight},
 * {@code 0.bias}, ...), so other tools read the files. The file is written next to its target
 * under a temporary name and renamed over it, so a crash or error mid-write never leaves a
 * half-written checkpoint where a good one was.
 */
public final class Safetensors {
    private static final ValueLayout.OfFloat LITTLE_ENDIAN_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Safetensors() {}

    /**
     * One tensor to write: its name, shape and {@code product(shape)} floats in native order.
     *
     * @param name  the tensor's name in the file
     * @param shape the dimensions (copied in and out)
     * @param data  at least {@code product(shape)} floats, row-major; only read
     */
    public record NamedTensor(String name, int[] shape, MemorySegment data) {
        /**
         * Checks that {@code data} holds the shape's floats.
         *
         * @throws IllegalArgumentException if it holds fewer
         */
        public NamedTensor {
            shape = shape.clone();
            if (Buffers.floatCount(data) < Tensor.product(shape)) {
                throw new IllegalArgumentException("tensor " + name + " of shape " + java.util.Arrays.toString(shape)
                        + " has only " + Buffers.floatCount(data) + " floats");
            }
        }

        /**
         * The dimensions.
         *
         * @return a copy
         */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        long size() {
            return Tensor.product(shape);
        }
    }

    /**
     * Writes {@code tensors} (name to tensor, in file order; a model's {@code stateDict()}) and the
     * metadata strings to {@code target}: the model file {@code eval} reads. Written atomically,
     * as {@link #writeTensors}.
     *
     * @param target   the file to create or replace
     * @param tensors  the tensors by name, in file order; only read
     * @param metadata strings stored under {@code __metadata__}
     * @throws IOException if the file cannot be written (the old one, if any, is then intact)
     */
    public static void write(Path target, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeTensors(target, tensors.entrySet().stream()
                .map(t -> new NamedTensor(t.getKey(), t.getValue().shape(), t.getValue().data())).toList(), metadata);
    }

    /**
     * Writes any named tensors, in list order, with {@code metadata}; atomically (temporary file,
     * flushed to disk, renamed over {@code target}).
     *
     * @param target   the file to create or replace
     * @param tensors  the tensors, in file order; only read
     * @param metadata strings stored under {@code __metadata__}
     * @throws IOException if the file cannot be written (the old one, if any, is then intact)
     */
    public static void writeTensors(Path target, List<NamedTensor> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{");
        boolean first = true;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            header.append(first ? "" : ",").append(Json.quote(entry.getKey())).append(':').append(Json.quote(entry.getValue()));
            first = false;
        }
        header.append('}');
        long offset = 0;
        for (NamedTensor tensor : tensors) {
            long bytes = tensor.size() * Float.BYTES;
            header.append(',').append(Json.quote(tensor.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = tensor.shape();
            for (int d = 0; d < shape.length; d++) {
                header.append(d == 0 ? "" : ",").append(shape[d]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        // pad the header with spaces so the data starts 8-byte aligned, as the reference writer does
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);

        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // a fresh name beside the target (same file system, so the rename is atomic)
        Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".partial");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
                out.write(headerBytes);
                for (NamedTensor tensor : tensors) {
                    MemorySegment values = tensor.data();
                    byte[] bytes = new byte[Math.toIntExact(tensor.size() * Float.BYTES)];
                    MemorySegment little = MemorySegment.ofArray(bytes);
                    for (long i = 0; i < tensor.size(); i++) {
                        little.setAtIndex(LITTLE_ENDIAN_FLOAT, i, values.getAtIndex(Buffers.FLOAT, i));
                    }
                    out.write(bytes);
                }
                out.flush();
                // on disk before the rename: after a crash the target is the old file or the whole new one
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
