package io.simdnn.nn.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damage to a safetensors file's JSON header that keeps the header length right, so the reader
 * gets past the length check and meets the hostile JSON itself.
 */
abstract class HeaderMutation implements Mutation {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");

    /** The new header text. */
    abstract String mutate(String header);

    @Override
    public final byte[] apply(byte[] original) {
        ByteBuffer in = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) in.getLong();
        String header = new String(original, 8, headerLength, StandardCharsets.UTF_8);
        byte[] mutated = mutate(header).getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(original, 8 + headerLength, original.length);
        return ByteBuffer.allocate(8 + mutated.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(mutated.length).put(mutated).put(data).array();
    }

    /** The header's first value nested {@code depth} levels deep in arrays or objects. */
    static final class Nest extends HeaderMutation {
        private final int depth;
        private final boolean objects;

        Nest(int depth, boolean objects) {
            this.depth = depth;
            this.objects = objects;
        }

        @Override
        String mutate(String header) {
            String open = objects ? "{\"n\":" : "[";
            String close = objects ? "}" : "]";
            return "{\"nested\":" + open.repeat(depth) + "1" + close.repeat(depth) + "," + header.substring(1);
        }

        @Override
        public String toString() {
            return "Nest[" + depth + (objects ? " objects]" : " arrays]");
        }
    }

    /** The {@code index}-th number (modulo their count) replaced, e.g. by an overflowing or fractional one. */
    static final class ReplaceNumber extends HeaderMutation {
        private final int index;
        private final String replacement;

        ReplaceNumber(int index, String replacement) {
            this.index = index;
            this.replacement = replacement;
        }

        @Override
        String mutate(String header) {
            return replaceNth(NUMBER.matcher(header), index, replacement);
        }

        @Override
        public String toString() {
            return "ReplaceNumber[" + index + " -> " + replacement + "]";
        }
    }

    /** The {@code index}-th string (modulo their count) replaced: a key, a dtype or a metadata value. */
    static final class ReplaceString extends HeaderMutation {
        private final int index;
        private final String replacement;

        ReplaceString(int index, String replacement) {
            this.index = index;
            this.replacement = replacement;
        }

        @Override
        String mutate(String header) {
            return replaceNth(STRING.matcher(header), index, replacement);
        }

        @Override
        public String toString() {
            return "ReplaceString[" + index + " -> " + (replacement.length() > 40 ? replacement.length() + " chars" : replacement) + "]";
        }
    }

    /** Text inserted at a position of the header: a stray bracket, comma, literal or comment. */
    static final class Insert extends HeaderMutation {
        private final int position;
        private final String text;

        Insert(int position, String text) {
            this.position = position;
            this.text = text;
        }

        @Override
        String mutate(String header) {
            int at = position % (header.length() + 1);
            return header.substring(0, at) + text + header.substring(at);
        }

        @Override
        public String toString() {
            return "Insert[" + text + " at " + position + "]";
        }
    }

    private static String replaceNth(Matcher matcher, int index, String replacement) {
        int count = (int) matcher.results().count();
        if (count == 0) {
            return matcher.replaceAll(m -> m.group());
        }
        matcher.reset();
        int target = index % count;
        StringBuilder out = new StringBuilder();
        for (int i = 0; matcher.find(); i++) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(i == target ? replacement : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
