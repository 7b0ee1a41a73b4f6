package io.simdnn.nn.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.IntegerType;

/**
 * A safetensors file read back and validated: float32 tensors, integer tensors (such as
 * PyTorch's {@code num_batches_tracked}), each with its name and shape, and the
 * {@code __metadata__} strings. Files of other tools are read as well as simdnn's own: the header
 * need not be padded, and tensors may come in any order.
 *
 * <p>Every inconsistency is a {@link CorruptCheckpointException} whose one-line message names the
 * file and the problem: a header length beyond the file or above {@link #MAX_HEADER_BYTES}, a
 * header that is not UTF-8, not JSON, nested deeper than {@link #MAX_HEADER_NESTING} or names a
 * key twice, a dtype other than F32 and the integer types, a shape that does not match its byte
 * range, ranges outside the data area, overlapping or leaving gaps.
 *
 * @param tensors        the F32 tensors by name, in file order (unmodifiable)
 * @param integerTensors the integer tensors by name, in file order (unmodifiable)
 * @param metadata       the {@code __metadata__} entries, in file order (unmodifiable; empty when the file has none)
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, IntegerTensor> integerTensors, Map<String, String> metadata) {
    /** Headers larger than this are refused before reading them (the format's reference limit). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /**
     * The deepest nesting of JSON objects and arrays a header may have. The format needs three
     * levels (the header, a tensor's description, its shape); the rest leaves room for fields
     * other tools add, and deeper input is refused before it is read further.
     */
    public static final int MAX_HEADER_NESTING = 8;

    private static final String METADATA = "__metadata__";
    private static final String FLOAT_DTYPE = "F32";

    /**
     * Copies the maps, keeping their order.
     *
     * @param tensors        the F32 tensors by name
     * @param integerTensors the integer tensors by name
     * @param metadata       the {@code __metadata__} entries
     */
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        integerTensors = Collections.unmodifiableMap(new LinkedHashMap<>(integerTensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * One float32 tensor.
     *
     * @param shape  the shape ({@code []} for a scalar)
     * @param values the {@code product(shape)} values in row-major order
     */
    public record Tensor(int[] shape, float[] values) {}

    /**
     * One integer tensor.
     *
     * @param type   the element type the file stores
     * @param shape  the shape ({@code []} for a scalar, as PyTorch stores {@code num_batches_tracked})
     * @param values the {@code product(shape)} values in row-major order, held as {@code type} holds them
     */
    public record IntegerTensor(IntegerType type, int[] shape, long[] values) {}

    /** A checkpoint file that is not valid safetensors, or does not fit the model it is loaded into. */
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
     * Copies this checkpoint into a model's state: every F32 tensor into the tensor of the same
     * name in {@code state} (a model's {@code stateDict()}: parameters and float buffers such as
     * batch-norm running statistics), and every integer tensor into the buffer of the same name in
     * {@code integerBuffers} (a model's {@code integerBuffers()}: batch norm's
     * {@code num_batches_tracked}), converted to the buffer's type. Float tensors must match by
     * name and shape exactly; an integer buffer the file lacks keeps its value (files of older
     * simdnn versions and of PyTorch before 0.4.1 have no {@code num_batches_tracked}, and PyTorch
     * too then keeps its own). Nothing is written unless everything matches.
     *
     * @param state          the model's float tensors by name, overwritten with this checkpoint's values
     * @param integerBuffers the model's integer buffers by name, overwritten with this checkpoint's values
     * @param file           the file this checkpoint was read from, for the messages
     * @throws CorruptCheckpointException naming the first tensor that does not match
     */
    public void loadInto(Map<String, io.simdnn.nn.tensor.Tensor> state, Map<String, IntegerBuffer> integerBuffers, Path file)
            throws CorruptCheckpointException {
        List<String> missing = state.keySet().stream().filter(name -> !tensors.containsKey(name)).toList();
        List<String> unexpected = tensors.keySet().stream().filter(name -> !state.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new CorruptCheckpointException(file, "has no tensor " + missing.getFirst() + " (the model's "
                    + summary(state.keySet().stream()) + "; the file's " + summary(tensors.keySet().stream()) + ")");
        }
        if (!unexpected.isEmpty()) {
            throw new CorruptCheckpointException(file, "has a tensor " + unexpected.getFirst() + " the model does not have (the model's "
                    + summary(state.keySet().stream()) + ")");
        }
        for (Map.Entry<String, io.simdnn.nn.tensor.Tensor> target : state.entrySet()) {
            int[] shape = tensors.get(target.getKey()).shape();
            if (!Arrays.equals(shape, target.getValue().shape())) {
                throw new CorruptCheckpointException(file, "tensor " + target.getKey() + " has shape " + Arrays.toString(shape)
                        + ", the model expects " + Arrays.toString(target.getValue().shape()));
            }
        }
        for (Map.Entry<String, IntegerTensor> entry : integerTensors.entrySet()) {
            IntegerBuffer target = integerBuffers.get(entry.getKey());
            IntegerTensor tensor = entry.getValue();
            if (target == null) {
                throw new CorruptCheckpointException(file, "has an integer tensor " + entry.getKey() + " (" + tensor.type()
                        + ") the model has no buffer for (the model's integer buffers: "
                        + (integerBuffers.isEmpty() ? "none" : String.join(", ", integerBuffers.keySet())) + ")");
            }
            if (!Arrays.equals(tensor.shape(), target.shape())) {
                throw new CorruptCheckpointException(file, "integer tensor " + entry.getKey() + " has shape "
                        + Arrays.toString(tensor.shape()) + ", the model expects " + Arrays.toString(target.shape()));
            }
            for (long value : tensor.values()) {
                try {
                    target.type().convert(tensor.type(), value);
                } catch (IllegalArgumentException e) {
                    throw new CorruptCheckpointException(file, "integer tensor " + entry.getKey() + ": " + e.getMessage());
                }
            }
        }
        for (Map.Entry<String, io.simdnn.nn.tensor.Tensor> target : state.entrySet()) {
            float[] values = tensors.get(target.getKey()).values();
            MemorySegment.copy(values, 0, target.getValue().data(), Buffers.FLOAT, 0, values.length);
        }
        for (Map.Entry<String, IntegerTensor> entry : integerTensors.entrySet()) {
            integerBuffers.get(entry.getKey()).assign(entry.getValue().type(), entry.getValue().values());
        }
    }

    /** "N tensors: a, b, c, ..." with at most eight names. */
    private static String summary(Stream<String> names) {
        List<String> all = names.toList();
        String shown = all.stream().limit(8).collect(Collectors.joining(", "));
        return all.size() + " tensors: " + (all.isEmpty() ? "none" : shown + (all.size() > 8 ? ", ..." : ""));
    }

    /**
     * This checkpoint with every tensor renamed by {@code newName} (float and integer tensors;
     * metadata unchanged): how files written under older naming rules are read under the current
     * ones.
     *
     * @param newName the new name of each tensor, given its old one
     * @return a new checkpoint with the renamed tensors, in the same order
     * @throws IllegalArgumentException if two tensors get the same name
     */
    public Checkpoint renamed(UnaryOperator<String> newName) {
        Map<String, Tensor> floats = new LinkedHashMap<>();
        Map<String, IntegerTensor> integers = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> put(floats, newName.apply(name), tensor));
        integerTensors.forEach((name, tensor) -> put(integers, newName.apply(name), tensor));
        for (String name : integers.keySet()) {
            if (floats.containsKey(name)) {
                throw new IllegalArgumentException("renaming gives two tensors named " + name);
            }
        }
        return new Checkpoint(floats, integers, metadata);
    }

    private static <T> void put(Map<String, T> map, String name, T value) {
        if (map.put(name, value) != null) {
            throw new IllegalArgumentException("renaming gives two tensors named " + name);
        }
    }

    /**
     * Reads and validates a safetensors file: the 8-byte little-endian header length, the JSON
     * header and the data area, which the tensors' byte ranges must cover exactly.
     *
     * @param file the file
     * @return its tensors and metadata
     * @throws CorruptCheckpointException naming the file and the problem
     * @throws IOException                if the file cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel channel = open(file)) {
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
            String header;
            try {
                header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new CorruptCheckpointException(file, "header is not valid UTF-8");
            }
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Header parsed = new HeaderParser(file, dataSize).parse(header);

            List<Entry> entries = new ArrayList<>(parsed.entries());
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
            Map<String, IntegerTensor> integers = new LinkedHashMap<>();
            for (Entry entry : parsed.entries()) {
                ByteBuffer data = ByteBuffer.allocate((int) (entry.end - entry.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, dataStart + entry.begin, file);
                data.flip();
                if (entry.integerType.isEmpty()) {
                    float[] values = new float[data.capacity() / Float.BYTES];
                    data.asFloatBuffer().get(values);
                    requireFinite(file, entry.name, values);
                    tensors.put(entry.name, new Tensor(entry.shape, values));
                } else {
                    IntegerType type = entry.integerType.get();
                    long[] values = new long[data.capacity() / type.bytes()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = type.read(data);
                    }
                    integers.put(entry.name, new IntegerTensor(type, entry.shape, values));
                }
            }
            return new Checkpoint(tensors, integers, parsed.metadata());
        }
    }

    /** Weights are refused when not finite: a model with one NaN evaluates to NaN everywhere downstream. */
    private static void requireFinite(Path file, String name, float[] values) throws CorruptCheckpointException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new CorruptCheckpointException(file, "tensor " + name + " holds " + values[i] + " at index " + i
                        + " (weights must be finite)");
            }
        }
    }

    /** The file open for reading; the operating system's refusals, whose messages are only the path, said in words. */
    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new CorruptCheckpointException(file, "is a directory, not a safetensors file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "permission denied");
        }
    }

    /** A tensor's description from the header; an empty type means F32. */
    private record Entry(String name, Optional<IntegerType> integerType, int[] shape, long begin, long end) {}

    private record Header(List<Entry> entries, Map<String, String> metadata) {}

    /**
     * Reads the header with Gson's streaming reader in strict RFC 8259 mode and with the nesting
     * limit, so that what the format does not allow is refused as it is met, with its position.
     */
    private static final class HeaderParser {
        private final Path file;
        private final long dataSize;

        HeaderParser(Path file, long dataSize) {
            this.file = file;
            this.dataSize = dataSize;
        }

        Header parse(String text) throws CorruptCheckpointException {
            JsonReader json = new JsonReader(new StringReader(text));
            json.setStrictness(Strictness.STRICT);
            json.setNestingLimit(MAX_HEADER_NESTING);
            try {
                if (json.peek() != JsonToken.BEGIN_OBJECT) {
                    throw corrupt("header is not a JSON object");
                }
                List<Entry> entries = new ArrayList<>();
                Map<String, String> metadata = new LinkedHashMap<>();
                Set<String> names = new HashSet<>();
                json.beginObject();
                while (json.hasNext()) {
                    String name = json.nextName();
                    if (!names.add(name)) {
                        throw corrupt("header names " + name + " twice");
                    }
                    if (name.equals(METADATA)) {
                        readMetadata(json, metadata);
                    } else {
                        entries.add(readEntry(json, name));
                    }
                }
                json.endObject();
                if (json.peek() != JsonToken.END_DOCUMENT) {
                    throw corrupt("header has more after its JSON object");
                }
                return new Header(entries, metadata);
            } catch (CorruptCheckpointException e) {
                throw e;
            } catch (IOException | IllegalStateException e) {
                // MalformedJsonException and EOFException; IllegalStateException if a token has an unexpected type
                throw corrupt(jsonProblem(e));
            }
        }

        private void readMetadata(JsonReader json, Map<String, String> metadata) throws IOException {
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw corrupt(METADATA + " is not an object");
            }
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (json.peek() != JsonToken.STRING) {
                    throw corrupt(METADATA + " value of " + key + " is not a string");
                }
                if (metadata.put(key, json.nextString()) != null) {
                    throw corrupt(METADATA + " names " + key + " twice");
                }
            }
            json.endObject();
        }

        private Entry readEntry(JsonReader json, String name) throws IOException {
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw corrupt("tensor " + name + " is not described by an object");
            }
            String dtype = null;
            List<String> dims = null;
            List<String> offsets = null;
            Set<String> fields = new HashSet<>();
            json.beginObject();
            while (json.hasNext()) {
                String field = json.nextName();
                if (!fields.add(field)) {
                    throw corrupt("tensor " + name + " names " + field + " twice");
                }
                switch (field) {
                    case "dtype" -> {
                        if (json.peek() != JsonToken.STRING) {
                            throw corrupt("tensor " + name + " has a dtype that is not a string");
                        }
                        dtype = json.nextString();
                    }
                    case "shape" -> dims = numbers(json, name, field);
                    case "data_offsets" -> offsets = numbers(json, name, field);
                    default -> json.skipValue(); // fields other tools may add
                }
            }
            json.endObject();

            if (dtype == null || dims == null || offsets == null || offsets.size() != 2) {
                throw corrupt("tensor " + name + " needs a dtype, a shape and two data_offsets");
            }
            Optional<IntegerType> integerType = IntegerType.ofDtype(dtype);
            if (!FLOAT_DTYPE.equals(dtype) && integerType.isEmpty()) {
                throw corrupt("tensor " + name + " has dtype " + dtype + "; only F32 and the integer types "
                        + Arrays.stream(IntegerType.values()).map(IntegerType::dtype).collect(Collectors.joining(", "))
                        + " are supported");
            }
            int elementBytes = integerType.map(IntegerType::bytes).orElse(Float.BYTES);
            int[] shape = new int[dims.size()];
            long elements = 1;
            for (int d = 0; d < shape.length; d++) {
                Long dim = integer(dims.get(d));
                if (dim == null || dim < 0 || dim > Integer.MAX_VALUE) {
                    throw corrupt("tensor " + name + " has a bad dimension " + dims.get(d));
                }
                shape[d] = (int) (long) dim;
                elements *= dim;
                if (elements * elementBytes > Integer.MAX_VALUE - 8) {
                    throw corrupt("tensor " + name + " is too large");
                }
            }
            Long begin = integer(offsets.get(0));
            Long end = integer(offsets.get(1));
            if (begin == null || end == null) {
                throw corrupt("tensor " + name + " has data_offsets " + offsets + " that are not integers");
            }
            if (begin < 0 || end < begin || end > dataSize) {
                throw corrupt("tensor " + name + " has data_offsets " + offsets + " outside the " + dataSize + "-byte data area");
            }
            if (end - begin != elements * elementBytes) {
                throw corrupt("tensor " + name + " of shape " + Arrays.toString(shape) + " and dtype " + dtype + " needs "
                        + elements * elementBytes + " bytes but data_offsets span " + (end - begin));
            }
            return new Entry(name, integerType, shape, begin, end);
        }

        /** An array of JSON numbers, each as written (checked to be integers later, with the field's own message). */
        private List<String> numbers(JsonReader json, String name, String field) throws IOException {
            if (json.peek() != JsonToken.BEGIN_ARRAY) {
                throw corrupt("tensor " + name + " has a " + field + " that is not an array");
            }
            List<String> numbers = new ArrayList<>();
            json.beginArray();
            while (json.hasNext()) {
                if (json.peek() != JsonToken.NUMBER) {
                    throw corrupt("tensor " + name + " has a " + field + " entry that is not a number (" + json.peek() + ")");
                }
                numbers.add(json.nextString());
            }
            json.endArray();
            return numbers;
        }

        /** A JSON number that is an integer in {@code long} range, or null (fractions and exponents are refused). */
        private static Long integer(String number) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private CorruptCheckpointException corrupt(String problem) {
            return new CorruptCheckpointException(file, problem);
        }

        /** Gson's message on one line, in the words of this format (Gson appends a link on a line of its own). */
        private static String jsonProblem(Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            if (message.startsWith("Nesting limit")) {
                return "header nests JSON deeper than " + MAX_HEADER_NESTING + " levels (" + message + ")";
            }
            return "header is not valid JSON: "
                    + message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        }
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
