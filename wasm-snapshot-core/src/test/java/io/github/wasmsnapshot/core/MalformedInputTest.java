package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.wasmsnapshot.testing.Sections;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A module that Chicory or our checks refuse is refused with one line that names the section, with its byte offset,
 * the function where the fault is in one, and one reason. (MutatedModulesTest tries many more.)
 */
class MalformedInputTest {
    /** Type 0: [] -> []. */
    private static final String TYPE = "01 04 01 60 00 00";
    private static final String ONE_FUNCTION = "03 02 01 00";
    private static final String ONE_BODY = "0a 04 01 02 00 0b";

    private static byte[] module(String... sections) {
        return HexFormat.of().parseHex(("0061736d01000000" + String.join("", sections)).replace(" ", ""));
    }

    private static String refusal(byte[] module) {
        return assertThrows(SnapshotException.class, () -> new WasmSnapshot(SnapshotOptions.defaults()).run(module))
                .getMessage();
    }

    /** The offset of the export named {@code name} in the exports fixture: its kind byte follows. */
    private static int afterExportName(byte[] module, String name) {
        String encoded = (char) name.length() + name;
        for (int i = 0; i + encoded.length() < module.length; i++) {
            if (new String(module, i, encoded.length(), StandardCharsets.ISO_8859_1).equals(encoded)) {
                return i + encoded.length();
            }
        }
        throw new AssertionError("no export " + name);
    }

    /** Where the first section with this id starts (its id byte), read without the code under test. */
    private static int sectionStart(byte[] module, int id) {
        int[] position = {8};
        while (position[0] < module.length) {
            int start = position[0]++;
            int size = (int) Sections.leb(module, position);
            if (module[start] == id) {
                return start;
            }
            position[0] += size;
        }
        throw new AssertionError("no section " + id);
    }

    @Test
    void anExportOfAFunctionThatDoesNotExistIsRefused() {
        byte[] module = load("exports");
        int kind = afterExportName(module, "helper");
        assertEquals(0, module[kind], "a function export");
        module[kind + 1] = 99;

        assertEquals("invalid module: export section at byte offset 43: export `helper` refers to function 99, but"
                + " the module has 4 functions", refusal(module));
    }

    @Test
    void twoExportsWithOneNameAreRefused() {
        byte[] module = load("exports");
        int kind = afterExportName(module, "helper");
        System.arraycopy("_start".getBytes(StandardCharsets.ISO_8859_1), 0, module, kind - 6, 6);

        assertEquals("invalid module: export section at byte offset 43: two exports are named `_start`",
                refusal(module));
    }

    @Test
    void aFunctionThatDoesNotValidateIsNamed() {
        // code section at 50: the body count at 52, function 0's body at 53 (3 bytes), function 1's at 56
        assertEquals("invalid module: code section at byte offset 50: function 1 ($broken) at byte offset 56: type"
                + " mismatch, mismatching stack height", refusal(load("invalid")));
    }

    @Test
    void withAMalformedNameSectionFunctionsAreNumbered() {
        byte[] invalid = load("invalid");
        byte[] withoutNames = Arrays.copyOf(invalid, sectionStart(invalid, Sections.CUSTOM));
        // a function names subsection that declares more bytes than there are
        byte[] module = Sections.withCustomSection(withoutNames, 4, "name", new byte[] {1, 0x7F, 1});

        assertEquals("invalid module: code section at byte offset 50: function 1 at byte offset 56: type mismatch,"
                + " mismatching stack height", refusal(module));
    }

    @Test
    void aFunctionThatCannotBeDecodedIsNamed() {
        byte[] module = load("primes");
        int code = sectionStart(module, Sections.CODE);
        int[] position = {code + 1};
        Sections.leb(module, position); // the section's size
        Sections.leb(module, position); // the body count
        int body = position[0];
        int end = (int) Sections.leb(module, position) + position[0] - 1;
        assertEquals(0x0B, module[end], "function 0 ends with `end`");
        module[end] = 0x01; // nop

        assertEquals("malformed module: code section at byte offset " + code + ": function 0 ($sieve) at byte offset "
                + body + ": the function body does not end with `end`", refusal(module));
    }

    @Test
    void aBodyWhoseLastEndClosesABlockIsRefused() {
        // block end, and no end for the function: Chicory 1.7.5 takes it
        assertEquals("malformed module: code section at byte offset 18: function 0 at byte offset 21: the body ends"
                + " inside a block (an `end` is missing)",
                refusal(module(TYPE, ONE_FUNCTION, "0a 06 01 04 00 02 40 0b")));
    }

    @Test
    void aConstantExpressionOfTheWrongTypeNamesItsSection() {
        // global 0: i32, initialized by i64.const 0
        assertEquals("invalid module: global section at byte offset 8: type mismatch",
                refusal(module("06 06 01 7f 00 42 00 0b")));
    }

    @Test
    void bytesLeftOverNameTheirSectionNotTheNext() {
        assertEquals("malformed module: type section at byte offset 8: bytes left over after its contents",
                refusal(module("01 05 01 60 00 00 00", ONE_FUNCTION, ONE_BODY)));
        // not blamed on the last function body
        assertEquals("malformed module: code section at byte offset 18: bytes left over after its contents",
                refusal(module(TYPE, ONE_FUNCTION, "0a 05 01 02 00 0b 00")));
    }

    @Test
    void anUnknownSectionIsRefused() {
        assertEquals("malformed module: unknown section id 14 at byte offset 8", refusal(module("0e 00")));
    }

    @Test
    void functionAndCodeSectionsMustAgree() {
        assertEquals("malformed module: code section at byte offset 19: its function bodies (1) do not match the"
                + " functions that the function section declares (2)",
                refusal(module(TYPE, "03 03 02 00 00", ONE_BODY)));
    }

    @Test
    void exportNamesMustBeUtf8() {
        assertEquals("malformed module: export section at byte offset 18: name is not valid UTF-8 at byte offset 22",
                refusal(module(TYPE, ONE_FUNCTION, "07 05 01 01 ff 00 00", ONE_BODY)));
    }

    @Test
    void anUnknownExportKindIsRefused() {
        assertEquals("malformed module: export section at byte offset 18: unknown export kind 10 at byte offset 23",
                refusal(module(TYPE, ONE_FUNCTION, "07 05 01 01 61 0a 00", ONE_BODY)));
    }

    @Test
    void aPassiveElementSegmentMayNotReferToAFunctionThatDoesNotExist() {
        // passive segment 0: function 5
        assertEquals("invalid module: element section at byte offset 18: element segment 0 refers to function 5, but"
                + " the module has 1 function", refusal(module(TYPE, ONE_FUNCTION, "09 05 01 01 00 01 05", ONE_BODY)));
    }

    @Test
    void anImportedFunctionNeedsAFunctionType() {
        assertEquals("invalid module: import section at byte offset 14: the function import `e.f` has type 5, which"
                + " is not a function type of the module", refusal(module(TYPE, "02 07 01 01 65 01 66 00 05")));
    }

    @Test
    void namesInMessagesStayOnOneLine() {
        // the init function calls the import `e.a<newline>b`
        byte[] module = module(TYPE, "02 09 01 01 65 03 61 0a 62 00 00", ONE_FUNCTION,
                "07 14 01 10" + HexFormat.of().formatHex("wizer-initialize".getBytes(StandardCharsets.US_ASCII))
                        + "00 01", "0a 06 01 04 00 10 00 0b");

        assertEquals("the init function `wizer-initialize` called the import `e.a\\nb`, which is not available during"
                + " initialization", refusal(module));
    }
}
