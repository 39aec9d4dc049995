package io.github.wasmsnapshot.core.simd;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.BitSet;
import java.util.function.Function;

/**
 * A module decoded and validated by Chicory, ready to run with SIMD: its relaxed SIMD instructions lowered
 * ({@link RelaxedLowering}), and instances that run on {@link SimdMachine}. Internal: not part of the public API.
 */
public final class SimdModule {
    private static final int SIMD_PREFIX = 0xFD;
    private final WasmModule module;
    private final RelaxedSimd relaxed;
    private final BitSet v128LocalWrites;
    private final boolean usesSimd;

    private SimdModule(WasmModule module, RelaxedSimd relaxed) {
        this.module = module;
        this.relaxed = relaxed;
        this.v128LocalWrites = V128LocalWrites.find(module);
        this.usesSimd = usesSimd(module);
    }

    /** Whether anything in the module is a {@code v128} or a SIMD instruction (which Chicory's compiler cannot run). */
    public boolean usesSimd() {
        return usesSimd;
    }

    private static boolean usesSimd(WasmModule module) {
        for (int t = 0; t < module.typeSection().typeCount(); t++) {
            var type = module.typeSection().getType(t);
            if (type.params().contains(ValType.V128) || type.returns().contains(ValType.V128)) {
                return true;
            }
        }
        for (var global : module.globalSection().globals()) {
            if (global.valueType().equals(ValType.V128)) {
                return true;
            }
        }
        for (var body : module.codeSection().functionBodies()) {
            if (body.localTypes().contains(ValType.V128)) {
                return true;
            }
            for (var instruction : body.instructions()) {
                if (instruction.opcode().opcode() >>> 8 == SIMD_PREFIX) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Decodes {@code bytes} with {@code decoder} (Chicory's parser, as the caller configures it), after lowering
     * relaxed SIMD, and fails as the decoder does.
     */
    public static SimdModule parse(byte[] bytes, Function<byte[], WasmModule> decoder) {
        var lowered = RelaxedLowering.lower(bytes);
        return new SimdModule(decoder.apply(lowered.bytes()), lowered.relaxed());
    }

    /** Parses as {@link Parser#parse(byte[])} does, and fails as it does. */
    public static SimdModule parse(byte[] bytes) {
        return parse(bytes, Parser::parse);
    }

    /** {@code module} as Chicory must see it: relaxed SIMD lowered to what it decodes, at the same byte offsets. */
    public static byte[] lowered(byte[] module) {
        return RelaxedLowering.lower(module).bytes();
    }

    public WasmModule module() {
        return module;
    }

    /** {@link Instance#builder(WasmModule)} for this module, on the SIMD machine, with tables of its own. */
    public Instance.Builder instanceBuilder() {
        return instanceBuilder(null);
    }

    /**
     * {@link Instance#builder(WasmModule)} for this module, on the SIMD machine, with tables of its own
     * ({@link OwnTables}) and with {@code listener} (unless null) called before every instruction the interpreter
     * runs: an instance takes one listener, which this one may chain.
     */
    public Instance.Builder instanceBuilder(ExecutionListener listener) {
        var builder = Instance.builder(OwnTables.of(module))
                .withMachineFactory(instance -> new SimdMachine(instance, relaxed));
        ExecutionListener swaps = v128LocalWrites.isEmpty() ? null : new V128LocalWrites(v128LocalWrites);
        if (listener == null || swaps == null) {
            ExecutionListener only = listener == null ? swaps : listener;
            return only == null ? builder : builder.withUnsafeExecutionListener(only);
        }
        return builder.withUnsafeExecutionListener((instruction, stack) -> {
            listener.onExecution(instruction, stack);
            swaps.onExecution(instruction, stack);
        });
    }
}
