package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CodeSection;
import io.github.wasmsnapshot.core.binary.ByteWriter;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import io.github.wasmsnapshot.core.simd.SimdModule;
import io.github.wasmsnapshot.testing.ChildJvm;
import io.github.wasmsnapshot.testing.Fixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A large code section is decoded on two threads ({@link ModuleParser#SPLIT_CODE_SIZE}): what comes out must be
 * what one thread makes of the whole module, instruction for instruction, and a module that one thread refuses must
 * be refused with the same message.
 */
class DecodeInHalvesTest {
    /** Functions of {@link #largeModule()}: enough for a code section above {@link ModuleParser#SPLIT_CODE_SIZE}. */
    private static final int LARGE_FUNCTIONS = 3000;
    /** {@code i32.xor}s in each of its functions, to make them large. */
    private static final int XORS = 10;

    @TempDir
    Path dir;

    /** Every checked-in module: fixtures (wizer's outputs too), wasi and simd. */
    static Stream<String> modules() throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        for (String directory : List.of("/fixtures", "/wasi", "/simd")) {
            Path root = Path.of(DecodeInHalvesTest.class.getResource(directory).toURI()).getParent();
            try (var files = Files.walk(root.resolve(directory.substring(1)))) {
                files.filter(f -> f.toString().endsWith(".wasm")).map(f -> "/" + root.relativize(f)).sorted()
                        .forEach(names::add);
            }
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachModuleDecodesInHalvesAsItDoesWhole(String name) throws IOException {
        byte[] module = resource(name);
        Optional<Section> code = ModuleBinary.read(module).section(Section.CODE);
        assumeTrue(code.isPresent(), "no code section");
        WasmModule whole;
        try {
            whole = ModuleParser.decode(module);
        } catch (RuntimeException e) {
            assertFalse(halves(module, code.get()).isPresent(), "one thread refuses it, two decode it");
            return;
        }
        if (whole.codeSection().functionBodyCount() < 2) {
            return;
        }
        assertSame(whole, halves(module, code.get()).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void eachModuleParsesInHalvesAsItDoesWhole(String name) throws IOException {
        byte[] module = resource(name);
        assertSameOutcome(module);
    }

    /** Both halves' framing, bodies and instructions mutated: the parse ends the same, refusals included. */
    @Test
    void mutatedCodeParsesInHalvesAsItDoesWhole() throws IOException {
        List<byte[]> originals = List.of(Fixtures.load("primes"), Fixtures.load("hashtable"),
                resource("/wasi/calls.wasm"));
        Random random = new Random(7);
        for (int i = 0; i < 1500; i++) {
            byte[] mutated = originals.get(i % originals.size()).clone();
            Section code = ModuleBinary.read(mutated).section(Section.CODE).orElseThrow();
            int at = code.payloadStart() + random.nextInt(code.end() - code.payloadStart());
            mutated[at] = random.nextBoolean() ? (byte) (mutated[at] ^ 1 << random.nextInt(8))
                    : (byte) random.nextInt(256);
            assertSameOutcome(mutated);
        }
    }

    /** The whole pipeline, on two threads here and on one in a JVM that sees one processor: the same output. */
    @Test
    void aLargeModuleIsSnapshotTheSameOnOneProcessor() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "this JVM sees one processor");
        byte[] module = largeModule();
        Section code = ModuleBinary.read(module).section(Section.CODE).orElseThrow();
        assertTrue(code.end() - code.payloadStart() >= ModuleParser.SPLIT_CODE_SIZE);
        assertSame(ModuleParser.decode(module), halves(module, code).orElseThrow());

        byte[] output = Fixtures.snapshot(module);

        Path input = Files.write(dir.resolve("large.wasm"), module);
        Path oneProcessor = dir.resolve("one-processor.wasm");
        Process child = ChildJvm.start(List.of("-XX:ActiveProcessorCount=1"), SnapshotMain.class, input.toString(),
                oneProcessor.toString());
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertArrayEquals(Files.readAllBytes(oneProcessor), output);
        Instance instance = Fixtures.instantiateWithoutImports(output);
        for (int k = 0; k < LARGE_FUNCTIONS; k++) {
            assertEquals(largeFunction(k, k), instance.memory().readInt(4 * k), "f" + k + "(" + k + ")");
        }
    }

    /** Snapshots args[0] with the default options into args[1]. */
    static final class SnapshotMain {
        public static void main(String[] args) throws Exception {
            Files.write(Path.of(args[1]), Fixtures.snapshot(Files.readAllBytes(Path.of(args[0]))));
        }
    }

    private static Optional<WasmModule> halves(byte[] module, Section code) {
        try {
            return DecodeInHalves.decode(SimdModule.lowered(module), code, ModuleParser.chicory());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parsed on two threads whatever the code section's size, and on one: equal modules, or the same refusal. */
    private static void assertSameOutcome(byte[] module) {
        Object whole = parse(module, Integer.MAX_VALUE);
        Object halves = parse(module, 0);
        if (whole instanceof ParsedModule wholeModule && halves instanceof ParsedModule halvesModule) {
            assertSame(wholeModule.module(), halvesModule.module());
            assertEquals(wholeModule.simd().usesSimd(), halvesModule.simd().usesSimd());
        } else {
            assertEquals(whole, halves);
        }
    }

    /** The parsed module, or what was thrown, in words. */
    private static Object parse(byte[] module, int splitCodeSize) {
        try {
            return ModuleParser.parse(module, splitCodeSize);
        } catch (SnapshotException | RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /**
     * Section by section (custom sections are not decoded). Chicory's imports compare their value types by identity,
     * so that no two decodes of a global or table import are equal: they compare as text. Its annotated instructions
     * compare their labels and depth only: their addresses, opcodes and operands are compared too.
     */
    private static void assertSame(WasmModule expected, WasmModule actual) {
        assertEquals(expected.typeSection(), actual.typeSection());
        assertEquals(expected.importSection().stream().map(Object::toString).toList(),
                actual.importSection().stream().map(Object::toString).toList());
        assertEquals(expected.functionSection(), actual.functionSection());
        assertEquals(expected.tableSection(), actual.tableSection());
        assertEquals(expected.memorySection(), actual.memorySection());
        assertEquals(expected.globalSection(), actual.globalSection());
        assertEquals(expected.exportSection(), actual.exportSection());
        assertEquals(expected.startSection(), actual.startSection());
        assertEquals(expected.elementSection(), actual.elementSection());
        assertEquals(expected.codeSection(), actual.codeSection());
        assertEquals(expected.dataSection(), actual.dataSection());
        assertEquals(expected.dataCountSection(), actual.dataCountSection());
        assertEquals(expected.tagSection(), actual.tagSection());
        assertEquals(expected.digest(), actual.digest());
        CodeSection expectedCode = expected.codeSection();
        CodeSection actualCode = actual.codeSection();
        for (int f = 0; f < expectedCode.functionBodyCount(); f++) {
            List<AnnotatedInstruction> want = expectedCode.getFunctionBody(f).instructions();
            List<AnnotatedInstruction> got = actualCode.getFunctionBody(f).instructions();
            for (int i = 0; i < want.size(); i++) {
                String where = "function body " + f + ", instruction " + i;
                assertEquals(want.get(i).address(), got.get(i).address(), where);
                assertEquals(want.get(i).opcode(), got.get(i).opcode(), where);
                assertArrayEquals(want.get(i).operands(), got.get(i).operands(), where);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = DecodeInHalvesTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    /**
     * {@value #LARGE_FUNCTIONS} functions {@code f0..}, each a {@link #largeFunction}, and an initializer that stores
     * {@code fk(k)} at {@code 4 * k}.
     */
    private static byte[] largeModule() {
        ByteWriter module = new ByteWriter().bytes(ModuleBinary.header());
        section(module, Section.TYPE, new ByteWriter().u32(2)
                .u8(0x60).u32(1).u8(0x7F).u32(1).u8(0x7F) // (i32) -> i32
                .u8(0x60).u32(0).u32(0)); // () -> ()
        ByteWriter functions = new ByteWriter().u32(LARGE_FUNCTIONS + 1);
        for (int k = 0; k < LARGE_FUNCTIONS; k++) {
            functions.u32(0);
        }
        section(module, Section.FUNCTION, functions.u32(1));
        section(module, Section.MEMORY, new ByteWriter().u32(1).u8(0).u32(1));
        section(module, Section.EXPORT, new ByteWriter().u32(2).name("memory").u8(2).u32(0)
                .name(Defaults.INIT_FUNCTION).u8(0).u32(LARGE_FUNCTIONS));
        ByteWriter code = new ByteWriter().u32(LARGE_FUNCTIONS + 1);
        for (int k = 0; k < LARGE_FUNCTIONS; k++) {
            ByteWriter body = new ByteWriter().u32(1).u32(1).u8(0x7F) // one i32 local, l
                    .u8(0x20).u32(0).u8(0x41).signedLeb(k + 1).u8(0x6C).u8(0x21).u32(1) // l = x * (k + 1)
                    .u8(0x02).u8(0x40) // block
                    .u8(0x20).u32(0).u8(0x41).signedLeb(1).u8(0x71).u8(0x0D).u32(0) // br_if 0 (x & 1)
                    .u8(0x20).u32(1).u8(0x41).signedLeb(k).u8(0x6A).u8(0x21).u32(1) // l += k
                    .u8(0x0B);
            for (int j = 0; j < XORS; j++) {
                body.u8(0x20).u32(1).u8(0x41).signedLeb(k * 31 + j).u8(0x73).u8(0x21).u32(1); // l ^= 31k + j
            }
            body.u8(0x20).u32(1);
            if (k > 0) {
                body.u8(0x20).u32(0).u8(0x10).u32(k / 2).u8(0x41).signedLeb(1).u8(0x71).u8(0x6A); // + f(k/2)(x) & 1
            }
            code.u32(body.size() + 1).bytes(body.toByteArray()).u8(0x0B);
        }
        ByteWriter init = new ByteWriter().u32(0);
        for (int k = 0; k < LARGE_FUNCTIONS; k++) {
            init.u8(0x41).signedLeb(4 * k).u8(0x41).signedLeb(k).u8(0x10).u32(k).u8(0x36).u32(2).u32(0);
        }
        code.u32(init.size() + 1).bytes(init.toByteArray()).u8(0x0B);
        section(module, Section.CODE, code);
        return module.toByteArray();
    }

    /** What function {@code k} of {@link #largeModule()} returns for {@code x}. */
    private static int largeFunction(int k, int x) {
        int l = x * (k + 1);
        if ((x & 1) == 0) {
            l += k;
        }
        for (int j = 0; j < XORS; j++) {
            l ^= k * 31 + j;
        }
        return k > 0 ? l + (largeFunction(k / 2, x) & 1) : l;
    }

    private static void section(ByteWriter module, int id, ByteWriter payload) {
        module.u8(id).u32(payload.size()).bytes(payload.toByteArray());
    }
}
