#!/usr/bin/env python3
"""Checks a pre-initialized module in a second engine (Python wasmtime): the output, run without initializing,
must answer every query exactly as the original does after its init functions ran, and as expected where a query
gives an expected value; the init function must no longer be exported.

Usage: check.py ORIGINAL OUTPUT INIT[,INIT...] QUERY...
  INIT   the exports to call on the original, in order (e.g. _initialize,wizer-initialize); the last is the init
         function, which the output must not export
  QUERY  EXPORT[:ARG...][=EXPECTED], e.g. count_of:7 or run:13=42
Prints one line; exits 1 when a check fails."""
import sys

import wasmtime


def instantiate(store, module):
    linker = wasmtime.Linker(store.engine)
    linker.allow_shadowing = True
    if any(imp.module == "wasi_snapshot_preview1" for imp in module.imports):
        linker.define_wasi()
    for imp in module.imports:
        if imp.module != "wasi_snapshot_preview1" and isinstance(imp.type, wasmtime.FuncType):
            def refuse(*args, name=imp.module + "." + imp.name):
                raise wasmtime.WasmtimeError("import " + name + " called")
            linker.define(store, imp.module, imp.name, wasmtime.Func(store, imp.type, refuse))
    return linker.instantiate(store, module)


def answer(store, instance, name, args):
    try:
        return instance.exports(store)[name](store, *args)
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        return "trap: " + str(e).splitlines()[0]


def main(original_path, output_path, inits, *queries):
    inits = inits.split(",")
    engine = wasmtime.Engine()
    before = wasmtime.Store(engine)
    before.set_wasi(wasmtime.WasiConfig())
    original = instantiate(before, wasmtime.Module.from_file(engine, original_path))
    for init in inits:
        original.exports(before)[init](before)
    after = wasmtime.Store(engine)
    after.set_wasi(wasmtime.WasiConfig())
    output_module = wasmtime.Module.from_file(engine, output_path)
    output = instantiate(after, output_module)
    failures = []
    if inits[-1] in [e.name for e in output_module.exports]:
        failures.append("the output still exports " + inits[-1])
    for query in queries:
        call, _, expected = query.partition("=")
        name, *args = call.split(":")
        args = [int(a) for a in args]
        got, wanted = answer(after, output, name, args), answer(before, original, name, args)
        if got != wanted or (expected and str(got) != expected):
            failures.append(f"{call}: output {got}, original after init {wanted}"
                            + (f", expected {expected}" if expected else ""))
    if failures:
        print("FAIL " + "; ".join(failures))
        return 1
    print(f"ok ({len(queries)} queries)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
