package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Configuration;
import io.github.wasmsnapshot.core.SnapshotOption;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the snapshot options out of an object whose fields Maven configured, the goal or one of its
 * {@code <module>} entries: a field named as an option's {@link SnapshotOption#parameter() parameter} holds its
 * value, as the text written in the POM (a {@code String}, a {@code List} of them, or for the environment a
 * {@code Map}). So a new option reaches the plugin by its field alone, and every value is parsed by the core, with
 * the same messages as on the command line.
 */
final class ParameterValues {
    private ParameterValues() {}

    /** The options {@code holder} has fields for; a null field (left out) is not given. */
    static Configuration read(Object holder) {
        Configuration configuration = new Configuration();
        for (SnapshotOption option : SnapshotOption.values()) {
            Field field = field(holder.getClass(), option.parameter());
            if (field == null) {
                continue;
            }
            Object value = value(field, holder);
            if (option.kind() == SnapshotOption.Kind.REPEATED) {
                configuration.with(option, values(value));
            } else {
                configuration.with(option, (String) value);
            }
        }
        return configuration;
    }

    /** A map (the environment) is read sorted by key, so its order in the POM does not matter. */
    private static List<String> values(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue())).toList();
        }
        return value == null ? null : ((Collection<?>) value).stream().map(v -> v == null ? null : v.toString())
                .toList();
    }

    /** The field, declared by the holder's class or a superclass (the goals share theirs). */
    private static Field field(Class<?> type, String name) {
        for (Class<?> declaring = type; name != null && declaring != null; declaring = declaring.getSuperclass()) {
            try {
                return declaring.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // not here: perhaps in the superclass
            }
        }
        return null;
    }

    private static Object value(Field field, Object holder) {
        try {
            field.setAccessible(true);
            return field.get(holder);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the parameter " + field.getName(), e);
        }
    }
}
