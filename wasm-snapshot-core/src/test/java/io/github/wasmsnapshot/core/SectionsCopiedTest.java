package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.call;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.Instance;
import io.github.wasmsnapshot.testing.Sections;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every section the snapshot does not change is copied byte for byte, in its place. (README: "What pre-initialization
 * does").
 */
class SectionsCopiedTest {
    private static final Set<Integer> REWRITTEN = Set.of(
            Sections.MEMORY, Sections.GLOBAL, Sections.EXPORT, Sections.DATA, Sections.DATA_COUNT);

    /** Custom sections first, between sections and last, as producers and linkers leave them. */
    private static byte[] withCustomSections(byte[] module) {
        int count = Sections.of(module).list().size();
        byte[] result = Sections.withCustomSection(module, count, "producers", bytes("\u0001\u0008language"));
        result = Sections.withCustomSection(result, count - 1, ".debug_info", new byte[] {0, 1, 2, 3, (byte) 0xFF});
        result = Sections.withCustomSection(result, 3, "between", bytes("kept where it was"));
        return Sections.withCustomSection(result, 0, "first", new byte[0]);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"primes", "data", "start", "import-uncalled", "memories", "globals", "exports"})
    void everyOtherSectionIsCopiedByteForByteInItsOrder(String fixture) throws Exception {
        byte[] input = withCustomSections(load(fixture));
        Sections before = Sections.of(input);
        Sections after = Sections.of(snapshot(input));

        List<Sections.Raw> expected = new ArrayList<>(before.list());
        expected.removeIf(s -> s.id() == Sections.START);
        List<Sections.Raw> actual = new ArrayList<>(after.list());
        if (!before.has(Sections.DATA)) {
            actual.removeIf(s -> s.id() == Sections.DATA); // made from nothing: DataSegmentsTest
        }
        assertEquals(expected.stream().map(Sections.Raw::label).toList(),
                actual.stream().map(Sections.Raw::label).toList());
        for (int i = 0; i < expected.size(); i++) {
            if (!REWRITTEN.contains(expected.get(i).id())) {
                assertArrayEquals(expected.get(i).bytes(), actual.get(i).bytes(), expected.get(i).label());
            }
        }
    }

    /** wasm-ld writes section sizes as padded five-byte LEB128s; a copy keeps them. */
    @Test
    void paddedSectionSizesAreKept() throws Exception {
        Sections sections = Sections.of(load("primes"));
        var out = new ByteArrayOutputStream();
        out.write(load("primes"), 0, 8);
        for (Sections.Raw section : sections.list()) {
            if (section.id() == Sections.CODE || section.id() == Sections.CUSTOM) {
                int size = section.payload().length;
                out.write(section.id());
                out.writeBytes(new byte[] {(byte) (size & 0x7F | 0x80), (byte) (size >>> 7 & 0x7F | 0x80),
                    (byte) (size >>> 14 & 0x7F | 0x80), (byte) (size >>> 21 & 0x7F | 0x80), (byte) (size >>> 28)});
                out.writeBytes(section.payload());
            } else {
                out.writeBytes(section.bytes());
            }
        }
        byte[] padded = out.toByteArray();
        Sections after = Sections.of(snapshot(padded));

        assertArrayEquals(Sections.of(padded).get(Sections.CODE).bytes(), after.get(Sections.CODE).bytes());
        assertEquals(6, after.get(Sections.CODE).bytes().length - after.get(Sections.CODE).payload().length);
        assertArrayEquals(Sections.of(padded).get(Sections.CUSTOM).bytes(), after.get(Sections.CUSTOM).bytes());
        assertEquals(call(instantiate(snapshot(load("primes"))), "checksum"),
                call(instantiate(snapshot(padded)), "checksum"));
    }

    /** Debuggers' business, not ours: wasmtime and wizer accept it too. */
    @Test
    void aMalformedNameSectionIsCopiedByteForByte() throws Exception {
        byte[] primes = load("primes");
        Sections sections = Sections.of(primes);
        int named = sections.list().size() - 1;
        assertEquals("custom:name", sections.list().get(named).label());
        // a function names subsection that declares more bytes than there are
        byte[] input = Sections.withCustomSection(Arrays.copyOf(primes, primes.length
                - sections.list().get(named).bytes().length), named, "name", new byte[] {1, 0x7F, 1});

        byte[] output = snapshot(input);

        assertArrayEquals(Sections.of(input).get(Sections.CUSTOM).bytes(), Sections.of(output).get(Sections.CUSTOM)
                .bytes());
        var instance = Instance.builder(ModuleParser.decode(output))
                .withStart(false).build();
        assertEquals(call(instantiate(snapshot(primes)), "checksum"), call(instance, "checksum"));
    }

    @Test
    void customSectionsDoNotChangeWhatTheOutputComputes() throws Exception {
        byte[] primes = load("primes");
        var plain = instantiate(snapshot(primes));
        var decorated = instantiate(snapshot(withCustomSections(primes)));

        assertEquals(call(plain, "checksum"), call(decorated, "checksum"));
        assertEquals(call(plain, "count"), call(decorated, "count"));
    }
}
