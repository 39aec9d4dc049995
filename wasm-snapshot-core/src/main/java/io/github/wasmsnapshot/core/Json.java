package io.github.wasmsnapshot.core;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps (in their own order), lists, strings, numbers and booleans as JSON on one line. Nothing in it depends
 * on the JVM, so equal values give equal bytes.
 */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            join(map.entrySet().iterator(), out, entry -> {
                string(entry.getKey().toString(), out);
                out.append(": ");
                write(entry.getValue(), out);
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            join(list.iterator(), out, item -> write(item, out));
            out.append(']');
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("no JSON for " + value);
        }
    }

    private interface Writer<T> {
        void write(T item);
    }

    private static <T> void join(Iterator<T> items, StringBuilder out, Writer<T> writer) {
        while (items.hasNext()) {
            writer.write(items.next());
            if (items.hasNext()) {
                out.append(", ");
            }
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
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
        out.append('"');
    }
}
