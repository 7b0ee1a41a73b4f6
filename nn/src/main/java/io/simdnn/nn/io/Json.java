package io.simdnn.nn.io;

/** The little JSON the project writes: string quoting with the escapes RFC 8259 requires. */
public final class Json {
    private Json() {}

    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A finite number, or null for NaN and infinities (which JSON cannot represent). */
    public static String number(double value) {
        return Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.6g", value) : "null";
    }
}
