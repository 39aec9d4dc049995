package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import io.github.wasmsnapshot.core.binary.FunctionBodies;
import io.github.wasmsnapshot.core.binary.Section;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Part of stage 1 ({@link ModuleParser}), for a large code section. Chicory's decoder takes most of the parse, and
 * most of that goes into the function bodies: this decodes the second half of them (by bytes) on another thread,
 * from a copy of the module that holds only them and the types, and the rest of the module on this one, from a copy
 * whose code section ends where that half starts. Every body stays at its byte offset (Chicory gives each
 * instruction its offset as its address), and the bytes cut out become custom sections, which Chicory skips.
 *
 * <p>Chicory decodes the bodies one after the other, each from where the one before ended, and refuses a code
 * section whose bodies end before or after it does: so where it decodes the first copy, it decodes the whole
 * module's first bodies alike, up to where the second half starts. (It also keeps one control tree across bodies,
 * through which a later body can change the labels of a branch out of an earlier body's function; the validator,
 * which does not read labels, refuses such a branch.)
 */
final class DecodeInHalves {
    /** The custom section id and the code section's, as bytes of a binary. */
    private static final byte CUSTOM_ID = (byte) Section.CUSTOM;
    private static final byte CODE_ID = (byte) Section.CODE;
    /** The longest LEB128 encoding of a u32. */
    private static final int MAX_U32_BYTES = 5;

    /** As Chicory's {@link Parser} reads it, for {@link WasmModule#digest()}. */
    private static final String DIGEST_ALGORITHM =
            System.getProperty("com.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM", "SHA-256");

    private DecodeInHalves() {}

    /**
     * {@code lowered} decoded by {@code chicory} (a parser of every section but the custom ones), or empty where
     * there are not two bodies to split the code section between.
     */
    static Optional<WasmModule> decode(byte[] lowered, Section code, Parser chicory) {
        List<Integer> bounds = FunctionBodies.bounds(lowered, code);
        int count = bounds.size() - 1;
        int first = bounds.get(0);
        int end = code.end();
        if (count < 2) {
            return Optional.empty();
        }
        int half = 1;
        while (half < count - 1 && bounds.get(half) - first < (end - first) / 2) {
            half++;
        }
        int split = bounds.get(half);
        if (split - first < 2 || end - split < 2) {
            return Optional.empty(); // no room for a custom section
        }
        int sizeBytes = code.payloadStart() - code.start() - 1;
        int countBytes = first - code.payloadStart();

        // The second half: the code section starts just before it, after a custom section where the first half was.
        byte[] rest = Arrays.copyOf(lowered, end);
        int restStart = split - (first - code.start());
        customSection(rest, code.start(), restStart);
        rest[restStart] = CODE_ID;
        u32(rest, restStart + 1, countBytes + end - split, sizeBytes);
        u32(rest, restStart + 1 + sizeBytes, count - half, countBytes);
        FutureTask<Rest> restTask = new FutureTask<>(() -> {
            CodeSection[] decoded = new CodeSection[1];
            Parser.builder().includeSectionId(Section.TYPE).includeSectionId(Section.CODE).build()
                    .parse(new ByteArrayInputStream(rest), section -> {
                        if (section instanceof CodeSection c) {
                            decoded[0] = c;
                        }
                    });
            return new Rest(decoded[0], digest(lowered));
        });
        Thread thread = new Thread(restTask, "wasm-snapshot-decode");
        thread.setDaemon(true);
        thread.start();

        // The first half: the module with its code section cut short, a custom section in place of the rest.
        byte[] module = lowered.clone();
        u32(module, code.start() + 1, split - code.payloadStart(), sizeBytes);
        u32(module, code.payloadStart(), half, countBytes);
        customSection(module, split, end);
        WasmModule.Builder builder = WasmModule.builder();
        CodeSection[] firstHalf = new CodeSection[1];
        chicory.parse(new ByteArrayInputStream(module), section -> {
            if (section instanceof CodeSection c) {
                firstHalf[0] = c;
            } else {
                collect(builder, section);
            }
        });
        Rest secondHalf;
        try {
            secondHalf = restTask.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        CodeSection.Builder merged = CodeSection.builder()
                .setRequiresDataCount(firstHalf[0].isRequiresDataCount() || secondHalf.code().isRequiresDataCount());
        for (CodeSection part : List.of(firstHalf[0], secondHalf.code())) {
            for (int i = 0; i < part.functionBodyCount(); i++) {
                merged.addFunctionBody(part.getFunctionBody(i));
            }
        }
        return Optional.of(builder.setCodeSection(merged.build()).withDigest(secondHalf.digest()).build());
    }

    /** What the second thread makes: the second half of the function bodies, and the module's digest. */
    private record Rest(CodeSection code, String digest) {}

    /** Overwrites {@code bytes[from, to)} (two bytes or more) with a custom section. */
    private static void customSection(byte[] bytes, int from, int to) {
        bytes[from] = CUSTOM_ID;
        int sizeBytes = Math.min(MAX_U32_BYTES, to - from - 1);
        u32(bytes, from + 1, to - from - 1 - sizeBytes, sizeBytes);
    }

    /** Writes {@code value} at {@code offset} as a LEB128 of {@code length} bytes, padded with continuation bits. */
    private static void u32(byte[] bytes, int offset, long value, int length) {
        for (int i = 0; i < length; i++) {
            bytes[offset + i] = (byte) ((value >>> (7 * i)) & 0x7F | (i < length - 1 ? 0x80 : 0));
        }
    }

    /** Puts {@code section} in {@code module}, as Chicory's {@link Parser#parse(java.util.function.Supplier)} does. */
    private static void collect(WasmModule.Builder module, com.dylibso.chicory.wasm.types.Section section) {
        switch (section.sectionId()) {
            case SectionId.TYPE -> module.setTypeSection((TypeSection) section);
            case SectionId.IMPORT -> module.setImportSection((ImportSection) section);
            case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) section);
            case SectionId.TABLE -> module.setTableSection((TableSection) section);
            case SectionId.MEMORY -> module.setMemorySection((MemorySection) section);
            case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) section);
            case SectionId.EXPORT -> module.setExportSection((ExportSection) section);
            case SectionId.START -> module.setStartSection((StartSection) section);
            case SectionId.ELEMENT -> module.setElementSection((ElementSection) section);
            case SectionId.CODE -> module.setCodeSection((CodeSection) section);
            case SectionId.DATA -> module.setDataSection((DataSection) section);
            case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) section);
            case SectionId.TAG -> module.setTagSection((TagSection) section);
            default -> module.addIgnoredSection(section.sectionId());
        }
    }

    /** What Chicory's {@link Parser#parse(java.util.function.Supplier)} gives {@link WasmModule#digest()}. */
    private static String digest(byte[] module) {
        if ("none".equals(DIGEST_ALGORITHM)) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance(DIGEST_ALGORITHM).digest(module);
            return DIGEST_ALGORITHM.toLowerCase(Locale.getDefault()).replace(":", "") + ":"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
