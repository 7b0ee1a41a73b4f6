package io.simdnn.nn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.Tensor;

/**
 * Writes checkpoints in the safetensors format: an 8-byte little-endian header length, a JSON
 * header ({@code name -> {dtype, shape, data_offsets}} plus {@code __metadata__} strings, written
 * with Gson), padded with spaces so the data starts 8-byte aligned, then the raw little-endian
 * data: float32 tensors ({@code F32}) and integer buffers in their own type (PyTorch's
 * {@code num_batches_tracked} is {@code I64}). Tensor names follow PyTorch's {@code Sequential}
 * ({@code 1.weight}, {@code 1.bias}, ...), so PyTorch's {@code safetensors} package reads the
 * files into a {@code state_dict}. As the reference writer does, tensors are stored by element size,
 * largest first (each keeping its order among its peers), so every tensor is aligned to its
 * element size. The file is written next to its target under a temporary name and renamed over
 * it, so a crash or error mid-write never leaves a half-written checkpoint where a good one was.
 */
public final class Safetensors {
    private static final ValueLayout.OfFloat LITTLE_ENDIAN_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The temporary file of a write in progress: {@code .<target>.<pid>.<nanos>.partial}, beside the target. */
    private static final String TEMPORARY_SUFFIX = ".partial";
    private static final Pattern TEMPORARY_NAME = Pattern.compile("\\..+\\.(\\d{1,18})\\.-?\\d+\\.partial");

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

    /** A tensor of the file: where it comes from, its dtype, shape and byte count. */
    private record Item(String name, String dtype, int elementBytes, int[] shape, long bytes, NamedTensor floats, IntegerBuffer integers) {}

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
        write(target, tensors, Map.of(), metadata);
    }

    /**
     * Writes a model's state: {@code tensors} (its {@code stateDict()}) and {@code integerBuffers}
     * (its {@code integerBuffers()}, each in its own type), with the metadata strings, to
     * {@code target}; atomically, as {@link #writeTensors(Path, List, Map, Map)}.
     *
     * @param target         the file to create or replace
     * @param tensors        the float tensors by name, in file order; only read
     * @param integerBuffers the integer buffers by name; only read
     * @param metadata       strings stored under {@code __metadata__}
     * @throws IOException if the file cannot be written (the old one, if any, is then intact)
     */
    public static void write(Path target, Map<String, Tensor> tensors, Map<String, IntegerBuffer> integerBuffers,
                             Map<String, String> metadata) throws IOException {
        writeTensors(target, tensors.entrySet().stream()
                .map(t -> new NamedTensor(t.getKey(), t.getValue().shape(), t.getValue().data())).toList(), integerBuffers, metadata);
    }

    /**
     * Writes any named float tensors, in list order, with {@code metadata}; atomically (temporary
     * file, flushed to disk, renamed over {@code target}).
     *
     * @param target   the file to create or replace
     * @param tensors  the tensors, in file order; only read
     * @param metadata strings stored under {@code __metadata__}
     * @throws IOException if the file cannot be written (the old one, if any, is then intact)
     */
    public static void writeTensors(Path target, List<NamedTensor> tensors, Map<String, String> metadata) throws IOException {
        writeTensors(target, tensors, Map.of(), metadata);
    }

    /**
     * Writes named float tensors and integer buffers with {@code metadata}; atomically (temporary
     * file, flushed to disk, renamed over {@code target}). Integer buffers come first: 8-byte
     * elements before 4-byte ones, so each tensor is aligned to its element size.
     *
     * @param target         the file to create or replace
     * @param tensors        the float tensors, in file order; only read
     * @param integerBuffers the integer buffers by name; only read
     * @param metadata       strings stored under {@code __metadata__}
     * @throws IOException if the file cannot be written (the old one, if any, is then intact)
     * @throws IllegalArgumentException if two tensors share a name or one is named {@code __metadata__}
     */
    public static void writeTensors(Path target, List<NamedTensor> tensors, Map<String, IntegerBuffer> integerBuffers,
                                    Map<String, String> metadata) throws IOException {
        List<Item> items = new ArrayList<>();
        for (NamedTensor tensor : tensors) {
            items.add(new Item(tensor.name(), "F32", Float.BYTES, tensor.shape(), tensor.size() * Float.BYTES, tensor, null));
        }
        integerBuffers.forEach((name, buffer) -> items.add(new Item(name, buffer.type().dtype(), buffer.type().bytes(),
                buffer.shape(), (long) buffer.size() * buffer.type().bytes(), null, buffer)));
        items.sort(Comparator.comparingInt(Item::elementBytes).reversed()); // stable: peers keep their order
        Set<String> names = new HashSet<>();
        for (Item item : items) {
            if (item.name().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be named __metadata__ (writing " + target + ")");
            }
            if (!names.add(item.name())) {
                throw new IllegalArgumentException("two tensors are named " + item.name() + " (writing " + target + ")");
            }
        }
        byte[] headerBytes = header(items, metadata);

        try {
            writeAtomically(target, items, headerBytes);
        } catch (IOException e) {
            throw new IOException(target + ": cannot be written: " + reason(e), e);
        }
    }

    /**
     * Deletes the temporary files that writers killed mid-write left in {@code directory}: those
     * named by {@link #writeTensors} whose process is gone (a live writer's file is left alone).
     *
     * @param directory the directory the model or checkpoint files are written to
     * @return the files deleted
     * @throws IOException if the directory cannot be listed or a file cannot be deleted
     */
    public static List<Path> deleteStaleTemporaries(Path directory) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*" + TEMPORARY_SUFFIX)) {
            for (Path file : files) {
                Matcher name = TEMPORARY_NAME.matcher(file.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                    Files.deleteIfExists(file);
                    deleted.add(file);
                }
            }
        }
        return deleted;
    }

    /** The operating system's reason in words; a file-system exception's own message is often only the path. */
    private static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException denied -> "permission denied (" + denied.getFile() + ")";
            case NoSuchFileException missing -> "no such file or directory (" + missing.getFile() + ")";
            case FileAlreadyExistsException exists -> exists.getFile() + " exists and is not a directory";
            case FileSystemException other when other.getReason() != null -> other.getReason() + " (" + other.getFile() + ")";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static void writeAtomically(Path target, List<Item> items, byte[] headerBytes) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // a fresh name beside the target (same file system, so the rename is atomic)
        Path temporary = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
                out.write(headerBytes);
                for (Item item : items) {
                    out.write(item.floats() != null ? littleEndian(item.floats()) : littleEndian(item.integers()));
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

    /** The header's JSON, padded with spaces so that 8 + its length is a multiple of 8 (as the reference writer does). */
    private static byte[] header(List<Item> items, Map<String, String> metadata) throws IOException {
        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        json.setStrictness(Strictness.STRICT);
        json.beginObject();
        json.name("__metadata__").beginObject();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
        }
        json.endObject();
        long offset = 0;
        for (Item item : items) {
            json.name(item.name()).beginObject().name("dtype").value(item.dtype()).name("shape").beginArray();
            for (int dimension : item.shape()) {
                json.value(dimension);
            }
            json.endArray().name("data_offsets").beginArray().value(offset).value(offset + item.bytes()).endArray().endObject();
            offset += item.bytes();
        }
        json.endObject().close();
        byte[] unpadded = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(unpadded, unpadded.length + (8 - unpadded.length % 8) % 8);
        Arrays.fill(padded, unpadded.length, padded.length, (byte) ' ');
        return padded;
    }

    private static byte[] littleEndian(NamedTensor tensor) {
        MemorySegment values = tensor.data();
        byte[] bytes = new byte[Math.toIntExact(tensor.size() * Float.BYTES)];
        MemorySegment little = MemorySegment.ofArray(bytes);
        for (long i = 0; i < tensor.size(); i++) {
            little.setAtIndex(LITTLE_ENDIAN_FLOAT, i, values.getAtIndex(Buffers.FLOAT, i));
        }
        return bytes;
    }

    private static byte[] littleEndian(IntegerBuffer buffer) {
        ByteBuffer bytes = ByteBuffer.allocate(buffer.size() * buffer.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < buffer.size(); i++) {
            buffer.type().write(bytes, buffer.get(i));
        }
        return bytes.array();
    }
}
