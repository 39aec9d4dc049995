package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.ParserListener;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.FunctionBodies;
import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import io.github.wasmsnapshot.core.simd.SimdModule;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 1: split the binary into sections (our reader, with byte offsets) and decode and validate it (Chicory).
 * Custom sections are not decoded: they are copied as they are, and the {@code name} section is read only for
 * messages ({@link ParsedModule#describeFunction}).
 */
final class ModuleParser {
    private ModuleParser() {}

    /** The limits flag of a memory whose addresses are i64. */
    private static final int MEMORY64 = 0x04;
    private static final int HAS_MAXIMUM = 0x01;
    private static final int HAS_PAGE_SIZE = 0x08;

    /**
     * From this many bytes of code on, a second thread decodes half the function bodies ({@link DecodeInHalves}).
     * Measured in the command line's JVM (C1 only, serial collector), the parse on two threads is no faster with 128
     * KiB of code, about 5 ms faster with 256 KiB, 25 ms with 512 KiB and 40 to 50 ms with 750 to 850 KiB.
     */
    static final int SPLIT_CODE_SIZE = 256 * 1024;

    static ParsedModule parse(byte[] input) throws SnapshotException {
        return parse(input, SPLIT_CODE_SIZE);
    }

    /** {@code splitCodeSize}: see {@link #SPLIT_CODE_SIZE}. */
    static ParsedModule parse(byte[] input, int splitCodeSize) throws SnapshotException {
        ModuleBinary binary = ModuleBinary.read(input);
        refuseMemory64(binary);
        readExports(binary);
        SimdModule simd;
        try {
            simd = SimdModule.parse(input, lowered -> decodeLowered(binary, lowered, splitCodeSize));
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            // Chicory's exceptions, and what its decoder trips over on some malformed input (NullPointerException,
            // one of its asserts, an array sized by a corrupt length).
            throw ParseFailure.explain(binary, e);
        }
        WasmModule module = simd.module();
        checkImports(binary, module);
        checkExports(binary, module);
        checkBodyEnds(binary, module);
        checkElementFunctions(binary, module);
        return new ParsedModule(binary, simd);
    }

    /** Decodes and validates {@code module} as Chicory sees it: custom sections skipped, relaxed SIMD lowered. */
    static WasmModule decode(byte[] module) {
        return decodeLowered(SimdModule.lowered(module));
    }

    /** As {@link #decode(byte[])}, of a module whose relaxed SIMD is lowered already (lowering it again is a no-op). */
    private static WasmModule decodeLowered(byte[] lowered) {
        return chicory().parse(() -> new ByteArrayInputStream(lowered));
    }

    /**
     * {@link #decodeLowered}, the function bodies of a large code section on two threads, unless that fails: then
     * the module is decoded again on this thread, so that a refusal says what it always has. {@code lowered} has its
     * sections where {@code binary}'s are.
     */
    private static WasmModule decodeLowered(ModuleBinary binary, byte[] lowered, int splitCodeSize) {
        Optional<Section> code = binary.section(Section.CODE);
        if (code.isPresent() && code.get().end() - code.get().payloadStart() >= splitCodeSize
                && Runtime.getRuntime().availableProcessors() > 1) {
            try {
                Optional<WasmModule> module = DecodeInHalves.decode(lowered, code.get(), chicory());
                if (module.isPresent()) {
                    return module.get();
                }
            } catch (RuntimeException | Error e) {
                // decoded again below
            }
        }
        return decodeLowered(lowered);
    }

    /** Decodes {@code module} as {@link #decode(byte[])} does, handing on each section, without validating it. */
    static void decode(byte[] module, ParserListener listener) {
        chicory().parse(new ByteArrayInputStream(SimdModule.lowered(module)), listener);
    }

    /** Chicory's parser for every section but the custom ones (it keeps state: one per module). */
    static Parser chicory() {
        Parser.Builder parser = Parser.builder();
        for (int id = Section.TYPE; id <= Section.TAG; id++) {
            parser.includeSectionId(id);
        }
        return parser.build();
    }

    /** Chicory 1.7.5's validator does not check the types of imported functions. */
    private static void checkImports(ModuleBinary binary, WasmModule module) throws SnapshotException {
        TypeSection types = module.typeSection();
        for (Import imp : module.importSection().stream().toList()) {
            if (imp instanceof FunctionImport function) {
                int type = function.typeIndex();
                if (type < 0 || type >= types.subTypeCount() || types.getType(type) == null) {
                    throw new SnapshotException("invalid module: " + binary.section(Section.IMPORT).orElseThrow()
                            .describe() + ": the function import " + ParsedModule.describe(imp) + " has type "
                            + Integer.toUnsignedString(type) + ", which is not a function type of the module");
                }
            }
        }
    }

    /**
     * A refusal that belongs with the checker's, made here because Chicory's parser would fail first,
     * calling the memory64 flag a malformed limit.
     */
    private static void refuseMemory64(ModuleBinary binary) throws SnapshotException {
        Section section = binary.section(Section.MEMORY).orElse(null);
        if (section == null) {
            return;
        }
        ByteReader in = section.payload(binary.bytes());
        int count = in.u32();
        for (int i = 0; i < count; i++) {
            int flagsOffset = in.position();
            int flags = in.u8();
            if ((flags & MEMORY64) != 0) {
                throw new SnapshotException(String.format("defined memory %d is a 64-bit memory (memory64: limits flags"
                        + " 0x%02x at byte offset %d), which is not supported: Chicory runs 32-bit memories only",
                        i, flags, flagsOffset));
            }
            in.u64();
            if ((flags & HAS_MAXIMUM) != 0) {
                in.u64();
            }
            if ((flags & HAS_PAGE_SIZE) != 0) {
                in.u32();
            }
        }
    }

    /**
     * Chicory 1.7.5 does not check that export names are UTF-8, and fails on an unknown export kind with an
     * ArrayIndexOutOfBoundsException: so this reads the export section first.
     */
    private static void readExports(ModuleBinary binary) throws SnapshotException {
        Optional<Section> section = binary.section(Section.EXPORT);
        if (section.isEmpty()) {
            return;
        }
        ByteReader in = section.get().payload(binary.bytes());
        try {
            for (long count = Integer.toUnsignedLong(in.u32()); count > 0; count--) {
                in.name();
                int offset = in.position();
                int kind = in.u8();
                if (kind >= ExternalType.values().length) {
                    throw new MalformedBinaryException("malformed module: unknown export kind " + kind
                            + " at byte offset " + offset);
                }
                in.u32();
            }
        } catch (MalformedBinaryException e) {
            throw new SnapshotException(e.within(section.get().describe()).getMessage(), e);
        }
    }

    /** Chicory 1.7.5's validator does not look at the export section. */
    private static void checkExports(ModuleBinary binary, WasmModule module) throws SnapshotException {
        if (module.exportSection().exportCount() == 0) {
            return;
        }
        String where = "invalid module: " + binary.section(Section.EXPORT).orElseThrow().describe() + ": ";
        var exports = module.exportSection();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (!names.add(export.name())) {
                throw new SnapshotException(where + "two exports are named `" + export.name() + "`");
            }
            String kind = export.exportType().name().toLowerCase();
            int count = indexSpaceSize(module, export.exportType());
            if (export.index() < 0 || export.index() >= count) {
                throw new SnapshotException(where + "export `" + export.name() + "` refers to " + kind + " "
                        + Integer.toUnsignedString(export.index()) + ", but the module has " + count + " "
                        + (count == 1 ? kind : kind.equals("memory") ? "memories" : kind + "s"));
            }
        }
    }

    /**
     * Chicory 1.7.5's decoder takes a function body whose last {@code end} closes a block, not the function (its
     * depth check is one off). Such a module is malformed (wasmtime refuses it), and so would be the output, which
     * copies the code. (Instructions after the function's {@code end} make Chicory's decoder fail.)
     */
    private static void checkBodyEnds(ModuleBinary binary, WasmModule module) throws SnapshotException {
        CodeSection code = module.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            List<AnnotatedInstruction> instructions = code.getFunctionBody(i).instructions();
            // Chicory gives an instruction the number of blocks around it; the function's own end has none.
            if (instructions.get(instructions.size() - 1).depth() != 0) {
                Section section = binary.section(Section.CODE).orElseThrow();
                throw new SnapshotException("malformed module: " + section.describe() + ": "
                        + ParsedModule.describeFunction(binary, module.importSection().count(ExternalType.FUNCTION) + i)
                        + " at byte offset " + FunctionBodies.bounds(binary.bytes(), section).get(i)
                        + ": the body ends inside a block (an `end` is missing)");
            }
        }
    }

    /**
     * Chicory 1.7.5 validates active element segments only: a function index in a passive or declarative one goes
     * unchecked, and the output, which makes a dropped passive segment declarative, would be refused.
     */
    private static void checkElementFunctions(ModuleBinary binary, WasmModule module) throws SnapshotException {
        int functions = indexSpaceSize(module, ExternalType.FUNCTION);
        Element[] elements = module.elementSection().elements();
        for (int i = 0; i < elements.length; i++) {
            for (List<Instruction> item : elements[i].initializers()) {
                for (Instruction instruction : item) {
                    long function = instruction.opcode() == OpCode.REF_FUNC ? instruction.operand(0) : 0;
                    if (function < 0 || function >= functions) {
                        throw new SnapshotException("invalid module: " + binary.section(Section.ELEMENT).orElseThrow()
                                .describe() + ": element segment " + i + " refers to function " + function
                                + ", but the module has " + functions
                                + (functions == 1 ? " function" : " functions"));
                    }
                }
            }
        }
    }

    private static int indexSpaceSize(WasmModule module, ExternalType type) {
        int defined = switch (type) {
            case FUNCTION -> module.functionSection().functionCount();
            case TABLE -> module.tableSection().tableCount();
            case MEMORY -> module.memorySection().map(MemorySection::memoryCount).orElse(0);
            case GLOBAL -> module.globalSection().globalCount();
            case TAG -> module.tagSection().map(TagSection::tagCount).orElse(0);
        };
        return module.importSection().count(type) + defined;
    }
}
