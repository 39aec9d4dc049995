package io.github.wasmsnapshot.core;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The fixtures under src/test/resources/wasi (see build.sh there) and reading their snapshots back. */
public final class WasiFixtures {
    private WasiFixtures() {}

    public static byte[] fixture(String name) {
        try (InputStream in = WasiFixtures.class.getResourceAsStream("/wasi/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record observer.wasm's initializer left in memory. */
    public static String seen(byte[] output) {
        Instance instance = instantiate(output);
        int pointer = (int) instance.export("seen").apply()[0];
        int length = (int) instance.export("seen_length").apply()[0];
        return new String(instance.memory().readBytes(pointer, length), StandardCharsets.UTF_8);
    }

    /** The snapshot, with imports that fail if called: reading the state back calls none. */
    public static Instance instantiate(byte[] output) {
        WasmModule module = Parser.parse(output);
        List<ImportFunction> imports = new ArrayList<>();
        module.importSection().stream().filter(i -> i.importType() == ExternalType.FUNCTION).forEach(i -> imports.add(
                new HostFunction(i.module(), i.name(), module.typeSection().getType(((FunctionImport) i).typeIndex()),
                        (inst, args) -> {
                            throw new AssertionError("called " + i.name());
                        })));
        return Instance.builder(module).withImportValues(ImportValues.builder().withFunctions(imports).build())
                .withStart(false).build();
    }
}
