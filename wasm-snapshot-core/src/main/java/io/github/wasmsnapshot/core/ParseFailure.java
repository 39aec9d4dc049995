package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.ImportSection;
import io.github.wasmsnapshot.core.binary.ByteWriter;
import io.github.wasmsnapshot.core.binary.FunctionBodies;
import io.github.wasmsnapshot.core.binary.MalformedBinaryException;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Says in one line why Chicory refused a module: which section (in the code section, which function), at which byte
 * offset, and one reason. Chicory's exceptions name neither section nor function, and many of its messages list
 * several spec-test phrasings at once. So, on this failure path only, Chicory is given the module again in pieces,
 * and the first piece it refuses is named, with its reason for refusing that piece:
 * <ol>
 *   <li>decoding alone, which delivers the sections one by one: the section it stops at;
 *   <li>then validation of growing prefixes of the sections, in file order, with every function body replaced by
 *       one that is valid for any type: the section whose addition makes the prefix invalid;
 *   <li>in the code section, whether it fails to decode or to validate: halves of the real function bodies (the
 *       others replaced), bisected: the first body that Chicory refuses.
 * </ol>
 * Every piece holds only what the module holds, so the fault named is one the module has, even where it has several
 * and Chicory named another first.
 */
final class ParseFailure {
    /** A function body valid for every function type: no locals, {@code unreachable}, {@code end}. */
    private static final byte[] PLACEHOLDER_BODY = {3, 0x00, 0x00, 0x0B};

    /**
     * Chicory 1.7.5's messages that list several spec-test phrasings, by how they start, each with the one that says
     * what is wrong; in this order, as the first wraps the others.
     */
    private static final List<Map.Entry<String, String>> ONE_REASON = List.of(
            Map.entry("section size mismatch, unexpected end of section or function, ", ""),
            Map.entry("integer too large, integer representation too long, length out of bounds", "unexpected end"),
            Map.entry("integer representation too long, length out of bounds", "unexpected end"),
            Map.entry("integer representation too long, integer too large", "malformed table limits"),
            Map.entry("integer too large, invalid table limit: ", "malformed table limits flag "),
            Map.entry("integer too large, invalid memory limit: ", "malformed memory limits flag "),
            Map.entry("END opcode expected, section size mismatch", "the function body does not end with `end`"),
            Map.entry("global is immutable, immutable global", "global.set of an immutable global"),
            Map.entry("unexpected content after last section", "out of order, or a second one of its kind"),
            Map.entry("illegal opcode, op value ", "illegal opcode 0x"),
            Map.entry("section size mismatch", "bytes left over after its contents"));

    private final ModuleBinary binary;
    /** What Chicory threw on the whole module: the reason given where no smaller piece has one. */
    private final Throwable failure;
    /** The sections Chicory decodes: all but the custom ones. */
    private final List<Section> sections;
    private int importedFunctions;

    private ParseFailure(ModuleBinary binary, Throwable failure) {
        this.binary = binary;
        this.failure = failure;
        this.sections = binary.sections().stream().filter(s -> !s.isCustom()).toList();
    }

    /** {@code failure}: what Chicory threw on the whole module. */
    static SnapshotException explain(ModuleBinary binary, Throwable failure) {
        try {
            return new ParseFailure(binary, failure).explain()
                    .orElseGet(() -> refusal(kind(failure), reason(failure)));
        } catch (MalformedBinaryException e) {
            // the code section's framing, as our reader reads it (FunctionBodies), is broken
            return new SnapshotException(e.getMessage(), e);
        }
    }

    private Optional<SnapshotException> explain() {
        List<com.dylibso.chicory.wasm.types.Section> decoded = new ArrayList<>();
        Optional<Throwable> decoding = attempt(() -> ModuleParser.decode(binary.bytes(), decoded::add));
        importedFunctions = decoded.stream().filter(ImportSection.class::isInstance).findFirst()
                .map(s -> ((ImportSection) s).count(ExternalType.FUNCTION)).orElse(0);
        if (decoding.isPresent()) {
            int failed = decoded.size();
            // Chicory hands a section on before it checks that its contents fill it.
            if (failed > 0 && attempt(asIs(sections.subList(0, failed)), false).isPresent()) {
                failed--;
            }
            if (failed >= sections.size()) {
                return Optional.empty();
            }
            Section section = sections.get(failed);
            // Decoding a function body needs only the types.
            List<Section> pieces = section.id() == Section.CODE
                    ? sections.stream().filter(s -> s.id() == Section.TYPE || s == section).toList()
                    : sections.subList(0, failed + 1);
            return Optional.of(refusal(section, pieces, false));
        }
        Optional<SnapshotException> count = countMismatch();
        if (count.isPresent()) {
            return count;
        }
        // The data count section only counts (checked above); without the data section it would be refused.
        List<Section> validated = sections.stream().filter(s -> s.id() != Section.DATA_COUNT).toList();
        for (int i = 0; i < validated.size(); i++) {
            Optional<Throwable> refused = attempt(module(validated.subList(0, i + 1), 0, 0), true);
            if (refused.isPresent()) {
                return Optional.of(refusal(kind(refused.get()), validated.get(i).describe() + ": "
                        + reason(refused.get())));
            }
        }
        return code().map(code -> refusal(code, sections, true));
    }

    /** The sections' counts that Chicory compares before it validates anything else. */
    private Optional<SnapshotException> countMismatch() {
        long functions = count(Section.FUNCTION);
        long bodies = count(Section.CODE);
        if (functions != bodies) {
            return Optional.of(refusal("malformed", code().isPresent()
                    ? code().get().describe() + ": its function bodies (" + bodies + ") do not match the functions"
                            + " that the function section declares (" + functions + ")"
                    : binary.section(Section.FUNCTION).orElseThrow().describe() + ": it declares functions ("
                            + functions + "), but the module has no code section"));
        }
        Optional<Section> dataCount = binary.section(Section.DATA_COUNT);
        if (dataCount.isPresent() && count(Section.DATA_COUNT) != count(Section.DATA)) {
            return Optional.of(refusal("malformed", dataCount.get().describe() + ": its count ("
                    + count(Section.DATA_COUNT) + ") does not match the data section's segments ("
                    + count(Section.DATA) + ")"));
        }
        return Optional.empty();
    }

    /** The vector length a section starts with (the data count section's only number); 0 if it is absent. */
    private long count(int id) {
        return binary.section(id).map(s -> Integer.toUnsignedLong(s.payload(binary.bytes()).u32())).orElse(0L);
    }

    /**
     * Names {@code section}, and if it is the code section the function whose body Chicory refuses, decoding
     * ({@code validate}: and validating) modules of {@code pieces}.
     */
    private SnapshotException refusal(Section section, List<Section> pieces, boolean validate) {
        if (section.id() == Section.CODE) {
            List<Integer> bodies = FunctionBodies.bounds(binary.bytes(), section);
            // [low, high): the real bodies among which the first one that Chicory refuses is (it checks each alone)
            int low = 0;
            int high = bodies.size() - 1;
            Optional<Throwable> refused = attempt(module(pieces, low, high), validate);
            while (refused.isPresent() && high - low > 1) {
                int middle = (low + high) >>> 1;
                Optional<Throwable> attempt = attempt(module(pieces, low, middle), validate);
                if (attempt.isPresent()) {
                    high = middle;
                    refused = attempt;
                } else {
                    low = middle;
                }
            }
            if (refused.isPresent()) {
                return refusal(kind(refused.get()), section.describe() + ": "
                        + ParsedModule.describeFunction(binary, importedFunctions + low) + " at byte offset "
                        + bodies.get(low) + ": " + reason(refused.get()));
            }
        }
        return refusal(kind(failure), section.describe() + ": " + reason(failure));
    }

    private Optional<Section> code() {
        return binary.section(Section.CODE);
    }

    /** A module of {@code include} as they are. */
    private byte[] asIs(List<Section> include) {
        ByteWriter out = new ByteWriter().bytes(ModuleBinary.header());
        include.forEach(s -> out.bytes(binary.bytes(), s.start(), s.end() - s.start()));
        return out.toByteArray();
    }

    /**
     * A module of {@code include}, in order, whose code section keeps its bodies {@code from} (inclusive) {@code to}
     * (exclusive) and has placeholders for the others; placeholders are added for the functions {@code include}
     * declares without their code section.
     */
    private byte[] module(List<Section> include, int from, int to) {
        byte[] bytes = binary.bytes();
        ByteWriter out = new ByteWriter().bytes(ModuleBinary.header());
        for (Section section : include) {
            if (section.id() == Section.CODE) {
                code(out, section, from, to);
            } else {
                out.bytes(bytes, section.start(), section.end() - section.start());
            }
        }
        if (include.stream().anyMatch(s -> s.id() == Section.FUNCTION)) {
            code().filter(code -> !include.contains(code)).ifPresent(code -> code(out, code, 0, 0));
        }
        return out.toByteArray();
    }

    private void code(ByteWriter out, Section code, int from, int to) {
        List<Integer> bounds = FunctionBodies.bounds(binary.bytes(), code);
        int count = bounds.size() - 1;
        ByteWriter payload = new ByteWriter().u32(count);
        for (int i = 0; i < from; i++) {
            payload.bytes(PLACEHOLDER_BODY);
        }
        payload.bytes(binary.bytes(), bounds.get(from), bounds.get(to) - bounds.get(from));
        for (int i = to; i < count; i++) {
            payload.bytes(PLACEHOLDER_BODY);
        }
        out.u8(Section.CODE).u32(payload.size()).bytes(payload.toByteArray());
    }

    /** What Chicory throws on {@code module}, decoding it ({@code validate}: and validating it), if anything. */
    private static Optional<Throwable> attempt(byte[] module, boolean validate) {
        if (validate) {
            return attempt(() -> ModuleParser.decode(module));
        }
        return attempt(() -> ModuleParser.decode(module, section -> { }));
    }

    private static Optional<Throwable> attempt(Runnable chicory) {
        try {
            chicory.run();
            return Optional.empty();
        } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
            return Optional.of(e);
        }
    }

    private static SnapshotException refusal(String kind, String what) {
        return new SnapshotException(kind + " module: " + what);
    }

    /** The binary format's word for the fault: a module that cannot be decoded is malformed, else invalid. */
    private static String kind(Throwable failure) {
        return failure instanceof InvalidException ? "invalid" : "malformed";
    }

    /** One reason, in words; the first of the several that Chicory's validator may join with " - ". */
    private static String reason(Throwable failure) {
        if (failure instanceof BufferUnderflowException) {
            return "unexpected end";
        }
        if (failure instanceof OutOfMemoryError) {
            return "Chicory ran out of Java heap decoding it: give the JVM more (-Xmx)";
        }
        if (!(failure instanceof ChicoryException)) {
            // Chicory's decoder trips over some malformed input without saying why: that is all there is to say.
            return "cannot be decoded (Chicory's decoder fails with " + failure.getClass().getSimpleName() + ")";
        }
        String message = String.valueOf(failure.getMessage()).split(" - ", 2)[0];
        for (var runOn : ONE_REASON) {
            if (message.startsWith(runOn.getKey())) {
                message = runOn.getValue() + message.substring(runOn.getKey().length());
            }
        }
        return message.strip();
    }
}
