/**
 * wasm-snapshot: pre-initializes core WebAssembly modules as wizer does, on Chicory, reproducibly to the byte. The
 * API is {@link io.github.wasmsnapshot.core.WasmSnapshot} with its options, report and exception; the pipeline's
 * stages, the binary reader and the command line are internal.
 */
module io.github.wasmsnapshot.core {
    requires com.dylibso.chicory.compiler;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.wasi;
    requires com.dylibso.chicory.wasm;
    requires com.google.common.jimfs;
    // the command line reads the JVM options it was started with, to pass them to the JVM it runs in
    requires java.management;

    exports io.github.wasmsnapshot.core;
}
