package io.github.wasmsnapshot.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This library's version and the Chicory version it runs on, as the build recorded them. */
public final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {}

    public static String wasmSnapshot() {
        return VERSIONS.getProperty("version");
    }

    public static String chicory() {
        return VERSIONS.getProperty("chicory");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
