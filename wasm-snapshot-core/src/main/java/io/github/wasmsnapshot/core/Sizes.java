package io.github.wasmsnapshot.core;

/** Sizes in bytes as the JVM's options take them: {@code 8388608}, {@code 8192k}, {@code 8m}, {@code 1g}. */
final class Sizes {
    static final long MIN_STACK = 256L << 10;
    static final long MAX_STACK = 4L << 30;

    private Sizes() {}

    static long parse(String text) {
        String value = text.strip().toLowerCase();
        int shift = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            long number = Long.parseLong(shift == 0 ? value : value.substring(0, value.length() - 1));
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes a size in bytes, or with k, m or g (8m), got '" + text + "'");
        }
    }
}
