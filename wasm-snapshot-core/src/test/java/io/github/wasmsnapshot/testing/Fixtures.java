package io.github.wasmsnapshot.testing;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import io.github.wasmsnapshot.core.SnapshotException;
import io.github.wasmsnapshot.core.SnapshotOptions;
import io.github.wasmsnapshot.core.WasmSnapshot;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checked-in fixture modules (src/test/resources/fixtures, and the WASI ones in src/test/resources/wasi) and the
 * ways the tests run them; the Maven plugin's tests use them too, through this module's test jar.
 */
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

    /** The compiled C fixture {@code wasi/NAME} (see build.sh there). */
    public static byte[] wasi(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wasi/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /wasi/" + name);
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

    /** A snapshot, with function imports that fail if called: reading a snapshot's state back calls none. */
    public static Instance instantiateWithoutImports(byte[] output) {
        return instantiate(output, failingImports(Parser.parse(output)));
    }

    /** For each function import of {@code module}, a function that fails the test if it is called. */
    public static HostFunction[] failingImports(WasmModule module) {
        List<HostFunction> imports = new ArrayList<>();
        module.importSection().stream().filter(i -> i.importType() == ExternalType.FUNCTION).forEach(i -> imports.add(
                new HostFunction(i.module(), i.name(), module.typeSection().getType(((FunctionImport) i).typeIndex()),
                        (instance, args) -> {
                            throw new AssertionError("called " + i.module() + "." + i.name());
                        })));
        return imports.toArray(HostFunction[]::new);
    }

    /** The record that wasi/observer.wasm's initializer left in memory: what WASI showed it. */
    public static String seen(byte[] output) {
        Instance instance = instantiateWithoutImports(output);
        int pointer = (int) instance.export("seen").apply()[0];
        int length = (int) instance.export("seen_length").apply()[0];
        return new String(instance.memory().readBytes(pointer, length), StandardCharsets.UTF_8);
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
