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
import picocli.CommandLine.ParameterException;

/** Wizer's spellings of the options, with a value after a space or an equals sign, and the command line's own. */
class ArgumentsTest {

    private static Arguments parse(String... args) throws OptionException {
        return Arguments.of(Arguments.parser().parseArgs(args));
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
        assertThrows(ParameterException.class, () -> parse("--no-such-option"));
        assertThrows(ParameterException.class, () -> parse("a.wasm", "b.wasm"));
    }

    @Test
    void everySnapshotOptionIsOnTheCommandLine() {
        var spec = Arguments.parser().getCommandSpec();
        for (SnapshotOption option : SnapshotOption.values()) {
            var declared = spec.findOption(option.cliName());
            assertEquals(option.names(), List.of(declared.names()), option.toString());
            assertTrue(String.join(" ", declared.description()).startsWith(option.help()), option.toString());
        }
    }
}
