package io.github.wasmsnapshot.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs WebAssembly spec tests as {@code wast2json} writes them (one JSON file and its modules per script) on
 * {@link SimdModule}: modules, {@code register}, {@code assert_return} (with NaN patterns and {@code either}),
 * {@code assert_trap}, {@code assert_exhaustion}, and {@code assert_invalid}/{@code assert_malformed}/
 * {@code assert_unlinkable}/{@code assert_uninstantiable} for binary modules (text-only ones are skipped). The build
 * runs the spec's SIMD and relaxed SIMD scripts, converted into {@code spec/simd.zip} (see regenerate.sh there);
 * {@code -Dwasm-snapshot.spec-tests=DIR} runs the converted scripts in {@code DIR} instead:
 * <pre>
 * for f in *.wast; do mkdir -p out/${f%.wast}; wast2json --enable-all $f -o out/${f%.wast}/${f%.wast}.json; done
 * ./mvnw -B -q -pl wasm-snapshot-core test -Dtest=SimdSpecTest -Dwasm-snapshot.spec-tests=$PWD/out
 * </pre>
 * Each script is one test; it prints its counts and fails listing the commands that failed.
 */
class SimdSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> scripts(@TempDir Path unpacked) throws IOException {
        String directory = System.getProperty("wasm-snapshot.spec-tests");
        Path root = directory != null ? Path.of(directory) : unzip("/spec/simd.zip", unpacked);
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(root)) {
            scripts = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> new Script(script).run()));
    }

    private static Path unzip(String resource, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(SimdSpecTest.class.getResourceAsStream(resource))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = into.resolve(entry.getName()).normalize();
                if (!file.startsWith(into)) {
                    throw new IOException(resource + ": an entry outside the archive, " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
            }
        }
        return into;
    }

    /** One script's state: its modules by name, the registered ones, the current one, and the counts. */
    private static final class Script {
        private final Path file;
        private final Map<String, Instance> named = new HashMap<>();
        private final Map<String, Instance> registered = new HashMap<>();
        private final List<String> failures = new ArrayList<>();
        private Instance current;
        private int passed;
        private int skipped;

        Script(Path file) {
            this.file = file;
        }

        void run() throws IOException {
            for (JsonNode command : JSON.readTree(file.toFile()).get("commands")) {
                String where = file.getFileName() + ":" + command.get("line").asInt() + " "
                        + command.get("type").asText();
                try {
                    if (execute(command)) {
                        passed++;
                    } else {
                        skipped++;
                    }
                } catch (AssertionError | RuntimeException e) {
                    failures.add(where + ": " + e.getMessage());
                }
            }
            System.out.printf("%s: %d passed, %d failed, %d skipped%n", file.getFileName(), passed,
                    failures.size(), skipped);
            assertEquals(List.of(), failures);
        }

        /** False when the command was skipped. */
        private boolean execute(JsonNode command) throws IOException {
            switch (command.get("type").asText()) {
                case "module" -> {
                    current = instantiate(command.get("filename").asText());
                    if (command.has("name")) {
                        named.put(command.get("name").asText(), current);
                    }
                }
                case "register" -> registered.put(command.get("as").asText(), command.has("name")
                        ? named.get(command.get("name").asText()) : current);
                case "action" -> invoke(command.get("action"));
                case "assert_return" -> {
                    long[] results = invoke(command.get("action"));
                    if (command.has("either")) {
                        for (JsonNode alternative : command.get("either")) {
                            if (Values.matches(List.of(alternative), results)) {
                                return true;
                            }
                        }
                        throw new AssertionError("got " + Values.describe(results) + ", none of "
                                + command.get("either"));
                    }
                    List<JsonNode> expected = new ArrayList<>();
                    command.get("expected").forEach(expected::add);
                    if (!Values.matches(expected, results)) {
                        throw new AssertionError("got " + Values.describe(results) + ", expected "
                                + command.get("expected"));
                    }
                }
                case "assert_trap", "assert_exhaustion" -> {
                    if (!command.get("action").get("type").asText().equals("invoke")) {
                        return false;
                    }
                    expectFailure(() -> invoke(command.get("action")), command.get("text").asText());
                }
                case "assert_invalid", "assert_malformed", "assert_unlinkable", "assert_uninstantiable" -> {
                    if (!command.get("module_type").asText().equals("binary")) {
                        return false;
                    }
                    expectFailure(() -> instantiate(command.get("filename").asText()), command.get("text").asText());
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private long[] invoke(JsonNode action) {
            if (!action.get("type").asText().equals("invoke")) {
                throw new AssertionError("unsupported action " + action);
            }
            Instance instance = action.has("module") ? named.get(action.get("module").asText()) : current;
            List<Long> args = new ArrayList<>();
            for (JsonNode arg : action.get("args")) {
                for (long slot : Values.slots(arg)) {
                    args.add(slot);
                }
            }
            long[] results = instance.export(action.get("field").asText())
                    .apply(args.stream().mapToLong(Long::longValue).toArray());
            return results == null ? new long[0] : results;
        }

        private void expectFailure(Runnable runnable, String text) {
            try {
                runnable.run();
            } catch (RuntimeException | StackOverflowError e) {
                return;
            }
            throw new AssertionError("expected a failure (" + text + "), got none");
        }

        private Instance instantiate(String filename) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.resolveSibling(filename));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + filename, e);
            }
            SimdModule module = SimdModule.parse(bytes);
            ImportValues.Builder imports = ImportValues.builder();
            for (var imp : module.module().importSection().stream().toList()) {
                Instance from = registered.get(imp.module());
                if (from == null) {
                    throw new AssertionError("unknown import module " + imp.module());
                }
                if (imp.importType() == ExternalType.FUNCTION) {
                    var type = module.module().typeSection().getType(((FunctionImport) imp).typeIndex());
                    var export = from.export(imp.name());
                    imports.addFunction(new HostFunction(imp.module(), imp.name(), type,
                            (instance, args) -> export.apply(args)));
                } else if (imp.importType() == ExternalType.GLOBAL) {
                    imports.addGlobal(new ImportGlobal(imp.module(), imp.name(), from.exports().global(imp.name())));
                } else if (imp.importType() == ExternalType.MEMORY) {
                    imports.addMemory(new ImportMemory(imp.module(), imp.name(), from.exports().memory(imp.name())));
                } else {
                    throw new AssertionError("unsupported import " + imp.importType());
                }
            }
            return module.instanceBuilder().withImportValues(imports.build()).build();
        }
    }

    /** wast2json's values: numbers as unsigned decimal strings (floats as their bits), v128 as lanes. */
    private static final class Values {
        private Values() {}

        static long[] slots(JsonNode value) {
            String type = value.get("type").asText();
            if (type.equals("v128")) {
                return v128(value);
            }
            return new long[] {scalar(type, value.get("value").asText())};
        }

        private static long scalar(String type, String text) {
            long bits = Long.parseUnsignedLong(text);
            return switch (type) {
                case "i32", "f32" -> (int) bits;
                case "i64", "f64" -> bits;
                default -> throw new AssertionError("unsupported value type " + type);
            };
        }

        private static long[] v128(JsonNode value) {
            int bits = laneBits(value.get("lane_type").asText());
            long[] halves = new long[2];
            int i = 0;
            for (JsonNode lane : value.get("value")) {
                long laneValue = Long.parseUnsignedLong(lane.asText());
                int perHalf = 64 / bits;
                halves[i / perHalf] = V128.withLane(halves[i / perHalf], bits, i % perHalf, laneValue);
                i++;
            }
            return halves;
        }

        private static int laneBits(String laneType) {
            return Integer.parseInt(laneType.substring(1));
        }

        static boolean matches(List<JsonNode> expected, long[] results) {
            int slot = 0;
            for (JsonNode value : expected) {
                String type = value.get("type").asText();
                if (type.equals("v128")) {
                    if (slot + 2 > results.length || !lanesMatch(value, results[slot], results[slot + 1])) {
                        return false;
                    }
                    slot += 2;
                } else {
                    if (slot >= results.length || !scalarMatches(type, value.get("value").asText(), results[slot])) {
                        return false;
                    }
                    slot++;
                }
            }
            return slot == results.length;
        }

        private static boolean lanesMatch(JsonNode value, long low, long high) {
            int bits = laneBits(value.get("lane_type").asText());
            int perHalf = 64 / bits;
            int i = 0;
            for (JsonNode lane : value.get("value")) {
                long half = i < perHalf ? low : high;
                long actual = bits == 64 ? half : V128.lane(half, bits, i % perHalf);
                String type = value.get("lane_type").asText();
                if (!scalarMatches(type.startsWith("f") ? type : "i" + bits, lane.asText(), actual)) {
                    return false;
                }
                i++;
            }
            return true;
        }

        private static boolean scalarMatches(String type, String text, long actual) {
            if (text.startsWith("nan:")) {
                boolean canonical = text.equals("nan:canonical");
                if (type.equals("f32")) {
                    int quiet = 0x7FC0_0000;
                    int payload = (int) actual & 0x7FFF_FFFF;
                    return canonical ? payload == quiet : (payload & quiet) == quiet;
                }
                long quiet = 0x7FF8_0000_0000_0000L;
                long payload = actual & Long.MAX_VALUE;
                return canonical ? payload == quiet : (payload & quiet) == quiet;
            }
            long expected = Long.parseUnsignedLong(text);
            return switch (type) {
                case "i8" -> (byte) expected == (byte) actual;
                case "i16" -> (short) expected == (short) actual;
                case "i32", "f32" -> (int) expected == (int) actual;
                default -> expected == actual;
            };
        }

        static String describe(long[] results) {
            StringBuilder text = new StringBuilder("[");
            for (long result : results) {
                text.append(text.length() > 1 ? ", " : "").append(String.format("0x%016x", result));
            }
            return text.append(']').toString();
        }
    }
}
