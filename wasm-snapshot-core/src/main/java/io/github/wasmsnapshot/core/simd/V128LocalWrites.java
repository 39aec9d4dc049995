package io.github.wasmsnapshot.core.simd;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.BitSet;

/**
 * Works around Chicory 1.7.5's interpreter storing a v128 that {@code local.set} or {@code local.tee} writes with
 * its halves swapped: it puts the top slot (bytes 8..15) into the local's first slot, where {@code local.get} and
 * function arguments keep bytes 0..7, so a value read back from a written local comes out halves swapped. Before
 * each such write this swaps the two slots on the stack, and after a {@code local.tee} swaps back the copy it
 * leaves. It is installed only on instances of modules that write v128 locals: Chicory calls an execution listener
 * before every instruction.
 */
final class V128LocalWrites implements ExecutionListener {
    private final BitSet addresses;
    private boolean swapBackAfterTee;

    V128LocalWrites(BitSet addresses) {
        this.addresses = addresses;
    }

    /** The byte offsets of the {@code local.set} and {@code local.tee} instructions that write a v128 local. */
    static BitSet find(WasmModule module) {
        var bodies = module.codeSection().functionBodies();
        BitSet addresses = new BitSet();
        for (int f = 0; f < bodies.length; f++) {
            var params = module.typeSection().getType(module.functionSection().getFunctionType(f)).params();
            var locals = bodies[f].localTypes();
            if (!params.contains(ValType.V128) && !locals.contains(ValType.V128)) {
                continue;
            }
            for (var instruction : bodies[f].instructions()) {
                if (instruction.opcode() == OpCode.LOCAL_SET || instruction.opcode() == OpCode.LOCAL_TEE) {
                    int index = (int) instruction.operand(0);
                    ValType type = index < params.size() ? params.get(index) : locals.get(index - params.size());
                    if (type.equals(ValType.V128)) {
                        addresses.set(instruction.address());
                    }
                }
            }
        }
        return addresses;
    }

    @Override
    public void onExecution(Instruction instruction, MStack stack) {
        if (swapBackAfterTee) {
            swap(stack);
            swapBackAfterTee = false;
        }
        OpCode opcode = instruction.opcode();
        if ((opcode == OpCode.LOCAL_SET || opcode == OpCode.LOCAL_TEE) && addresses.get(instruction.address())) {
            swap(stack);
            swapBackAfterTee = opcode == OpCode.LOCAL_TEE;
        }
    }

    private static void swap(MStack stack) {
        long top = stack.pop();
        long below = stack.pop();
        stack.push(top);
        stack.push(below);
    }
}
