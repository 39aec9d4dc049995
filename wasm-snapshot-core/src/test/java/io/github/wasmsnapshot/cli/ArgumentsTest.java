package io.github.wasmsnapshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wasmsnapshot.core.ClockStartDefault;
import io.github.wasmsnapshot.core.OptionException;
import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOption;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Wizer's spellings of the options, with a value after a space or an equals sign, and the command line's own. */
class ArgumentsTest {

    private static Arguments parse(String... args) throws OptionException {
        return Arguments.of(Arguments.read(args));
    }

    private static SnapshotOptions options(Arguments arguments) throws OptionException {
        return arguments.configuration().resolve(Path.of(""), ClockStartDefault.NONE);
    }

    @Test
    void defaults() throws Exception {
        Arguments arguments = parse();

        assertNull(arguments.input());
        assertNull(arguments.output());
        assertTrue(arguments.inheritStdio());
        assertFalse(arguments.verbose());
        SnapshotOptions options = options(arguments);
        assertEquals(Optional.empty(), options.initFunction());
        assertFalse(options.keepInitFunction());
        assertEquals(10_000, options.maxDataSegments());
        assertEquals(List.of(), options.renames());
        assertEquals(Optional.empty(), options.wasi());
    }

    @Test
    void everyOptionInItsShortAndLongForms() throws Exception {
        Arguments arguments = parse("in.wasm", "-o", "out.wasm", "-f", "init", "-r", "_start=run",
                "--rename-func=main=go", "--keep-init-func", "--max-data-segments", "7", "--parallelism=3", "-v");

        assertEquals(Path.of("in.wasm"), arguments.input());
        assertEquals(Path.of("out.wasm"), arguments.output());
        assertTrue(arguments.verbose());
        SnapshotOptions options = options(arguments);
        assertEquals(Optional.of("init"), options.initFunction());
        assertEquals(List.of(new Rename("_start", "run"), new Rename("main", "go")), options.renames());
        assertTrue(options.keepInitFunction());
        assertEquals(7, options.maxDataSegments());
        assertEquals(3, options.parallelism());
    }

    @Test
    void explicitBooleansInEveryFormAndDashes() throws Exception {
        Arguments arguments = parse("-", "--output=-", "--init-func=wizer.initialize", "--keep-init-func=false",
                "--verbose=false", "--inherit-stdio", "false");

        assertNull(arguments.input());
        assertNull(arguments.output());
        assertFalse(arguments.verbose());
        assertFalse(arguments.inheritStdio());
        assertFalse(options(arguments).keepInitFunction());
        assertTrue(options(parse("--keep-init-func", "true", "in.wasm")).keepInitFunction());
    }

    @Test
    void aFlagTakesOnlyTrueOrFalseAfterASpace() throws Exception {
        Arguments arguments = parse("--keep-init-func", "in.wasm");

        assertEquals(Path.of("in.wasm"), arguments.input());
        assertTrue(options(arguments).keepInitFunction());
    }

    @Test
    void anInputThatLooksLikeAnOptionFollowsADoubleDash() throws Exception {
        assertEquals(Path.of("-f"), parse("-o", "out.wasm", "--", "-f").input());
    }

    @Test
    void badValuesNameTheOptionInBothSpellings() {
        var flag = assertThrows(OptionException.class, () -> options(parse("--keep-init-func=yes")));
        assertEquals("--keep-init-func/keepInitFunction: takes true or false, got 'yes'", flag.getMessage());
        var number = assertThrows(OptionException.class, () -> options(parse("--max-data-segments", "many")));
        assertEquals("--max-data-segments/maxDataSegments: takes a whole number, got 'many'", number.getMessage());
        var own = assertThrows(OptionException.class, () -> parse("--verbose=yes"));
        assertEquals("--verbose: takes true or false, got 'yes'", own.getMessage());
    }

    @Test
    void aShortOptionTakesItsValueAfterASpaceAnEqualsSignOrNothing() throws Exception {
        for (List<String> args : List.of(List.of("-f", "init"), List.of("-f=init"), List.of("-finit"))) {
            assertEquals(Optional.of("init"), options(parse(args.toArray(String[]::new))).initFunction(),
                    args.toString());
        }
        assertEquals(Path.of("out.wasm"), parse("-oout.wasm").output());
        assertEquals(Path.of("-x"), parse("-o", "-x").output(), "a value may start with a dash");
    }

    @Test
    void shortFlagsMayBeJoined() throws Exception {
        Arguments arguments = parse("-vf", "init", "in.wasm");

        assertTrue(arguments.verbose());
        assertEquals(Optional.of("init"), options(arguments).initFunction());
        assertEquals(Path.of("in.wasm"), arguments.input());
        assertEquals(Optional.of("true"), options(parse("-vf", "true")).initFunction(), "-v takes no value here");
        assertFalse(parse("-vfalse").verbose());
        assertEquals(Optional.of(Help.text(Arguments.OPTIONS)), Arguments.shown(Arguments.read("-vh")));
    }

    @Test
    void aFlagTakesTrueOrFalseInAnyCaseAndNothingElse() throws Exception {
        assertTrue(options(parse("--allow-wasi", "TRUE")).wasi().isPresent());
        assertFalse(parse("-v", "False", "in.wasm").verbose());
        assertTrue(options(parse("--keep-init-func=True")).keepInitFunction());
        Arguments arguments = parse("--check", "yes");
        assertTrue(arguments.check());
        assertEquals(Path.of("yes"), arguments.input());
    }

    @Test
    void repeatedOptionsAccumulateInOrder() throws Exception {
        Arguments arguments = parse("-r", "a=b", "--rename-func", "c=d", "-re=f", "--rename-func=g=h", "-r=i=j");

        assertEquals(List.of(new Rename("a", "b"), new Rename("c", "d"), new Rename("e", "f"), new Rename("g", "h"),
                new Rename("i", "j")), options(arguments).renames());
    }

    @Test
    void aDoubleDashEndsTheOptionsOnce() throws Exception {
        assertEquals(Path.of("--help"), parse("--", "--help").input());
        assertEquals(Path.of("--"), parse("--", "--").input());
        assertNull(parse("--", "-").input(), "still stdin");
        assertEquals(Optional.empty(), Arguments.shown(Arguments.read("--", "--version")));
    }

    @Test
    void mistakesSayWhatAndWhere() {
        assertMistake("Unknown option: '--bogus'", "--bogus");
        assertMistake("Unknown option: '--bogus=3'", "in.wasm", "--bogus=3");
        assertMistake("Unknown option: '-x'", "-x");
        assertMistake("Unknown option: '--Verbose'", "--Verbose");
        assertMistake("Unmatched argument at index 1: 'b.wasm'", "a.wasm", "b.wasm");
        assertMistake("Unmatched argument at index 3: 'b.wasm'", "a.wasm", "-o", "out.wasm", "b.wasm");
        assertMistake("Unmatched argument at index 2: '-f'", "a.wasm", "--", "-f");
        assertMistake("Missing required parameter for option '--output' (FILE)", "in.wasm", "-o");
        assertMistake("Missing required parameter for option '--init-func' (NAME)", "--init-func");
        assertMistake("Missing required parameter for option '--rename-func' (DST=SRC)", "-r");
        assertMistake("Expected parameter for option '--output' but found '--verbose'", "-o", "--verbose", "a");
        assertMistake("Expected parameter for option '--init-func' but found '-vx'", "-f", "-vx");
        assertMistake("Expected parameter for option '--report' but found '--'", "--report", "--", "a");
        assertMistake("option '--output' (FILE) should be specified only once", "-o", "a", "--output=b");
        assertMistake("option '--verbose' (BOOL) should be specified only once", "-v", "--verbose", "true");
        assertMistake("option '--max-data-segments' (N) should be specified only once", "--max-data-segments=1",
                "--max-data-segments=1");
        assertMistake("Unknown option: '--bogus'", "--bogus", "-o", "a", "-o", "b");
    }

    private static void assertMistake(String message, String... args) {
        var mistake = assertThrows(OptionException.class, () -> parse(args), List.of(args).toString());
        assertEquals(message, mistake.getMessage());
    }

    @Test
    void aValueThatOnlyStartsWithADashIsAValue() {
        var negative = assertThrows(OptionException.class, () -> options(parse("--timeout", "-1")));
        assertEquals("--timeout/timeout: must not be negative, got -1", negative.getMessage());
    }

    @Test
    void helpAndVersionAnywhereWinOverEverythingElse() {
        String help = Help.text(Arguments.OPTIONS);
        assertEquals(Optional.of(help), Arguments.shown(Arguments.read("--bogus", "a", "b", "--help")));
        assertEquals(Optional.of(help), Arguments.shown(Arguments.read("-V", "-h")));
        assertEquals(Optional.of(Help.version()), Arguments.shown(Arguments.read("in.wasm", "-o", "--version")));
        assertEquals(Optional.empty(), Arguments.shown(Arguments.read("in.wasm", "-o", "out.wasm", "-v")));
        assertTrue(Help.version().matches("wasm-snapshot \\S+ \\(Chicory 1\\.7\\.5\\)\\n"), Help.version());
    }

    @Test
    void theHelpListsEveryOptionWithItsNamesLabelHelpAndDefault() {
        String help = Help.text(Arguments.OPTIONS);
        String words = help.replaceAll("\\s+", " ");
        for (SnapshotOption option : SnapshotOption.values()) {
            String names = String.join(", ", option.names()) + (option.kind() == SnapshotOption.Kind.FLAG
                    ? "[=" + option.label() + "]" : "=" + option.label());
            String text = option.help() + (option.defaultValue() == null ? ""
                    : " (default: " + option.defaultValue() + ")");
            assertTrue(words.contains(" " + names + " " + text), option + " in\n" + help);
        }
        for (String own : List.of("-o, --output=FILE", "--report=FILE", "--check[=BOOL]", "--inherit-stdio[=BOOL]",
                "-v, --verbose[=BOOL]", "-h, --help ", "-V, --version ", "[INPUT]")) {
            assertTrue(words.contains(own), own + " in\n" + help);
        }
        List<String> lines = help.lines().toList();
        assertTrue(lines.stream().allMatch(line -> line.length() <= 100), help);
        assertTrue(lines.contains("  -o, --output=FILE          where to write the result; stdout when absent or -"),
                help);
        int keep = lines.indexOf("      --keep-init-func[=BOOL]");
        assertEquals(" ".repeat(29) + "keep exporting the init function (default: false)", lines.get(keep + 1));
        int initFunction = lines.indexOf(lines.stream().filter(line -> line.startsWith("  -f, --init-func=NAME  "))
                .findFirst().orElseThrow());
        assertTrue(lines.get(initFunction + 1).startsWith(" ".repeat(31) + "when"), help);
    }
}
