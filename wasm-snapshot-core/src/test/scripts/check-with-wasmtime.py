#!/usr/bin/env python3
"""A second engine's view: validates wasm-snapshot's outputs with wasmtime and checks that each
answers its queries, without being initialized, exactly as the original does after its init
function has run in wasmtime. Not part of the build.
Usage: check-with-wasmtime.py  (build the jar first: ./mvnw -B -q package -DskipTests -pl wasm-snapshot-core)"""
import os
import subprocess
import sys
import tempfile

import wasmtime

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, "..", "..", "..")
FIXTURES = os.path.join(CORE, "src", "test", "resources", "fixtures")
JAR = os.path.join(CORE, "target", "wasm-snapshot-core-0.1.0-SNAPSHOT-cli.jar")

# fixture, CLI options, init functions the original calls, queries (export, args...);
# a query of a renamed export is ("original name>output name", args...)
CASES = [
    ("primes", [], ["wizer-initialize"],
     [("count",), ("nth", 0), ("nth", 9591), ("is_prime", 99991), ("is_prime", 99999), ("checksum",)]),
    ("reactor", [], ["_initialize", "wizer-initialize"], [("trace",), ("reactor_calls",)]),
    ("reactor", ["-f", "_initialize"], ["_initialize"], [("trace",), ("reactor_calls",)]),
    ("start", [], ["wizer-initialize"], [("starts",), ("load", 16), ("load", 32)]),
    ("import-uncalled", [], ["wizer-initialize"], [("run", 10), ("run", 100)]),
    ("globals", [], ["wizer-initialize"], [("i32_value",), ("i64_value",), ("f32_bits",), ("f64_bits",)]),
    ("memories", [], ["wizer-initialize"],
     [("sizes",), ("load_a", 65534), ("load_a", 65537), ("load_a", 196607), ("load_b", 8), ("load_b", 1048579)]),
    ("data", [], ["wizer-initialize"],
     [("load", 0), ("load", 100), ("load", 200), ("copy_late", 300), ("init_greeting", 0), ("init_greeting", 1)]),
    ("exports", ["-r", "_start=main_initialized"], ["wizer-initialize"], [("main_initialized>_start",), ("helper",)]),
    ("sparse", [], ["wizer-initialize"], [("checksum",), ("load", 0), ("load", 959992)]),
    ("hashtable", [], ["wizer-initialize"], [("entries",), ("lookup", 10), ("lookup", 140003), ("lookup", 11)]),
    ("tables-untouched", [], ["wizer-initialize"],
     [("call", 0), ("call", 1), ("call", 2), ("call_u", 0), ("call_u", 1), ("stored",), ("ready",)]),
    # each table.init or memory.init query after one that traps still runs: a trap changes nothing
    ("tables", [], ["wizer-initialize"],
     [("size",), ("hosts_size",)] + [("call", i) for i in range(11)] + [("is_null", i) for i in range(10)]
     + [("call_fixed", 0), ("call_fixed", 1), ("init_once", 0, 0, 1), ("init_once", 0, 1, 0),
        ("init_once", 10, 0, 0), ("init_boot", 0, 0, 1), ("init_boot", 0, 0, 0), ("init_spare", 1, 0, 3),
        ("call", 1), ("call", 2), ("call", 3), ("drop_spare",), ("init_spare", 0, 0, 1), ("grow", 7),
        ("grow", 6), ("size",)]),
    ("dropped-segments", [], ["wizer-initialize"],
     [("load", 0), ("load", 16), ("load", 22), ("load", 23), ("memory_init_once", 0, 0, 1),
      ("memory_init_once", 0, 1, 0), ("memory_init_once", 65536, 0, 0), ("memory_init_kept", 100, 1, 3),
      ("load", 100), ("load", 102), ("table_init_unneeded", 0, 0, 1), ("table_init_unneeded", 2, 0, 0),
      ("table_init_kept", 0, 0, 1), ("call", 0), ("call", 1)]),
    ("funcref-globals", [], ["wizer-initialize"],
     [("call_set",), ("call_untouched",), ("cleared_is_null",), ("host_is_null",), ("call_a",)]),
    ("simd-families", [], ["wizer-initialize"], []),
    ("../simd/vectors", [], ["wizer-initialize"],
     [("sum", i) for i in range(64)] + [("root", i) for i in range(16)] + [("saturated", i) for i in range(32)]
     + [("widened", i) for i in range(32)] + [("product", i) for i in range(16)]),
    ("memory-2gib", [], ["wizer-initialize"],
     [("size",), ("load", 16), ("load", 0x7FFFFFF0), ("load", 0x7FFFFFFC), ("load", 0x7FFFFFFD)]),
    ("grow-4gib", [], ["wizer-initialize"],
     [("grown",), ("size",), ("load", 8), ("load", 0x7FFF0000), ("load64", 0x7FFFFFF8), ("load", 0x80000000),
      ("load", 0xFFFFFFFC), ("load", 0xFFFFFFFD)]),
    ("data-above-2gib", [], ["wizer-initialize"], [("load", 0), ("load_top",)]),
]


def engine():
    config = wasmtime.Config()
    config.wasm_multi_memory = True
    return wasmtime.Engine(config)


def instantiate(store, module):
    log = []
    imports = []
    for imp in module.imports:
        ty = imp.type
        imports.append(wasmtime.Func(store, ty, lambda *args, log=log: log.append(args) or None))
    return wasmtime.Instance(store, module, imports), log


def answer(store, instance, query, side):
    names, *args = query
    name = names.split(">")[side] if ">" in names else names
    try:
        return instance.exports(store)[name](store, *args)
    except wasmtime.Trap as trap:
        return "trap: " + str(trap.trap_code)


def main():
    failures = 0
    eng = engine()
    for fixture, options, inits, queries in CASES:
        source = os.path.join(FIXTURES, fixture + ".wasm")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.wasm")
            subprocess.run(["java", "-jar", JAR, source, "-o", out] + options, check=True)
            with open(source, "rb") as f:
                original_bytes = f.read()
            with open(out, "rb") as f:
                output_bytes = f.read()
        wasmtime.Module.validate(eng, output_bytes)

        store = wasmtime.Store(eng)
        original, original_log = instantiate(store, wasmtime.Module(eng, original_bytes))
        for init in inits:
            original.exports(store)[init](store)
        expected = [answer(store, original, q, 0) for q in queries]

        store = wasmtime.Store(eng)
        output, output_log = instantiate(store, wasmtime.Module(eng, output_bytes))
        actual = [answer(store, output, q, 1) for q in queries]

        same = expected == actual and original_log == output_log
        failures += not same
        print(f"{fixture + ' ' + ' '.join(options):40} {'same answers' if same else 'DIFFERENT'}: {actual}")
        if not same:
            print(f"   original: {expected}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
