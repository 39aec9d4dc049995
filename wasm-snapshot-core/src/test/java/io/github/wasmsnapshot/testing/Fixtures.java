package io.github.wasmsnapshot.testing;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.WasmSnapshot;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The checked-in fixture modules (src/test/resources/fixtures) and the ways the tests run them. */
public final class Fixtures {
    private Fixtures() {}

    /** The compiled {@code fixtures/NAME.wasm}; regenerate.sh makes it from NAME.wat. */
    public static byte[] load(String name) {
        String resource = "/fixtures/" + name + ".wasm";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] snapshot(byte[] input) throws SnapshotException {
        return snapshot(input, SnapshotOptions.defaults());
    }

    public static byte[] snapshot(byte[] input, SnapshotOptions options) throws SnapshotException {
        return new WasmSnapshot(options).run(input).output();
    }

    public static SnapshotOptions.Builder options() {
        return SnapshotOptions.builder();
    }

    public static WasmModule parse(byte[] module) {
        return Parser.parse(module);
    }

    /**
     * Instantiates as the spec does: the start function runs, imports are as given, and
     * {@code _start} (a command's entry point, which Chicory calls by default) is not called.
     * It runs on the interpreter that initializes modules (with SIMD).
     */
    public static Instance instantiate(byte[] module, HostFunction... imports) {
        return SimdModule.parse(module).instanceBuilder()
                .withImportValues(ImportValues.builder().addFunction(imports).build())
                .withStart(false)
                .build();
    }

    /** The original module the way it runs without pre-initialization: instantiated, then its init function called. */
    public static Instance initializedAtRuntime(byte[] original, String initFunction, HostFunction... imports) {
        Instance instance = instantiate(original, imports);
        instance.export(initFunction).apply();
        return instance;
    }

    /** The names a module exports, in order. */
    public static List<String> exportNames(byte[] module) {
        var section = Parser.parse(module).exportSection();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < section.exportCount(); i++) {
            names.add(section.getExport(i).name());
        }
        return names;
    }

    public static long call(Instance instance, String export, long... args) {
        return instance.export(export).apply(args)[0];
    }

    /**
     * Runs calls written as {@code "export arg arg; export arg"} in order on {@code instance} and
     * says how the last one ended: its first result, "ok" when it has none, or "trap: " and why.
     */
    public static String outcome(Instance instance, String calls) {
        String last = null;
        for (String call : calls.split(";")) {
            String[] words = call.trim().split(" ");
            long[] args = Arrays.stream(words, 1, words.length).mapToLong(Long::parseLong).toArray();
            try {
                long[] results = instance.export(words[0]).apply(args);
                last = results == null || results.length == 0 ? "ok" : String.valueOf((int) results[0]);
            } catch (ChicoryException e) {
                last = "trap: " + e.getMessage();
            }
        }
        return last;
    }
}
