package io.simdnn.nn.io;

/** The little JSON the project writes: string quoting with the escapes RFC 8259 requires. */
public final class Json {
    private Json() {}

    /**
     * A JSON string literal.
     *
     * @param text any string
     * @return {@code text} in double quotes, with quotes, backslashes and control characters escaped
     */
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

    /**
     * A JSON number of six significant digits.
     *
     * @param value any double
     * @return the number, or {@code null} for NaN and infinities (which JSON cannot represent)
     */
    public static String number(double value) {
        return Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.6g", value) : "null";
    }
}
