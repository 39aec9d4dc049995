package io.github.wasmsnapshot.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one set of rules by which the text a front-end was given becomes options, and the messages it gives. */
class ConfigurationTest {
    private static final Path BASE = Path.of("/project");

    private static SnapshotOptions resolve(Configuration configuration) throws OptionException {
        return configuration.resolve(BASE, ClockStartDefault.NONE);
    }

    private static String refusal(Configuration configuration) {
        return assertThrows(OptionException.class, () -> resolve(configuration)).getMessage();
    }

    @Test
    void everyValueHasOneParserAndOneMessageNamingTheOption() {
        assertEquals("--rename-func/renameFunctions: a rename must look like DST=SRC, got 'run'",
                refusal(new Configuration().with(SnapshotOption.RENAME_FUNCTIONS, List.of("run"))));
        assertEquals("--preload/preloads: a preload must look like NAME=FILE, got 'helper'",
                refusal(new Configuration().with(SnapshotOption.PRELOADS, List.of("helper"))));
        assertEquals("--max-data-segments/maxDataSegments: must be at least 1, got 0",
                refusal(new Configuration().with(SnapshotOption.MAX_DATA_SEGMENTS, "0")));
        assertEquals("--parallelism: must be from 1 to 256, got 100000",
                refusal(new Configuration().with(SnapshotOption.PARALLELISM, "100000")));
        assertEquals("--keep-init-func/keepInitFunction: takes true or false, got 'yes'",
                refusal(new Configuration().with(SnapshotOption.KEEP_INIT_FUNCTION, "yes")));
        assertEquals("--allow-wasi/allowWasi: takes true or false, got 'on'",
                refusal(new Configuration().with(SnapshotOption.ALLOW_WASI, "on")));

        Configuration wasi = new Configuration().with(SnapshotOption.ALLOW_WASI, "true");
        assertEquals("--mapdir/mappedDirectories: a mapped directory must look like GUEST::HOST, got 'data'",
                refusal(wasi.overriddenBy(new Configuration().with(SnapshotOption.MAPPED_DIRECTORIES,
                        List.of("data")))));
        assertEquals("--env/environment: an environment variable must look like NAME=VALUE, got '=x'",
                refusal(wasi.overriddenBy(new Configuration().with(SnapshotOption.ENVIRONMENT, List.of("=x")))));
        assertEquals("--wasi-random-seed/wasiRandomSeed: takes a whole number, got '0x1'",
                refusal(wasi.overriddenBy(new Configuration().with(SnapshotOption.WASI_RANDOM_SEED, "0x1"))));
        assertEquals("--wasi-clock-start/wasiClockStart: takes an ISO-8601 instant (2024-01-01T00:00:00Z) or"
                        + " seconds since 1970, got 'yesterday'",
                refusal(wasi.overriddenBy(new Configuration().with(SnapshotOption.WASI_CLOCK_START, "yesterday"))));
        assertEquals("--wasi-clock-start/wasiClockStart: must be between 1970-01-01T00:00:00Z and"
                        + " 2100-01-01T00:00:00Z, got 1969-12-31T23:59:59Z",
                refusal(wasi.overriddenBy(new Configuration().with(SnapshotOption.WASI_CLOCK_START, "-1"))));
    }

    @Test
    void valuesBecomeTypedOptionsWithPathsUnderTheBase() throws Exception {
        SnapshotOptions options = resolve(new Configuration()
                .with(SnapshotOption.INIT_FUNCTION, "setup")
                .with(SnapshotOption.RENAME_FUNCTIONS, List.of("run=go"))
                .with(SnapshotOption.KEEP_INIT_FUNCTION, "TRUE")
                .with(SnapshotOption.MAX_DATA_SEGMENTS, "7")
                .with(SnapshotOption.PRELOADS, List.of("lib=lib/helper.wasm", "abs=/elsewhere/other.wasm"))
                .with(SnapshotOption.ALLOW_WASI, "true")
                .with(SnapshotOption.ENVIRONMENT, List.of("B=2", "A="))
                .with(SnapshotOption.WASI_ARGUMENTS, List.of("prog", ""))
                .with(SnapshotOption.DIRECTORIES, List.of("data"))
                .with(SnapshotOption.MAPPED_DIRECTORIES, List.of("/assets::src/assets"))
                .with(SnapshotOption.WASI_RANDOM_SEED, "-7")
                .with(SnapshotOption.WASI_CLOCK_START, "2024-01-01T01:00:00+01:00"));

        assertEquals(Optional.of("setup"), options.initFunction());
        assertEquals(List.of(new Rename("run", "go")), options.renames());
        assertTrue(options.keepInitFunction());
        assertEquals(7, options.maxDataSegments());
        assertEquals(List.of(new Preload("lib", Path.of("/project/lib/helper.wasm")),
                new Preload("abs", Path.of("/elsewhere/other.wasm"))), options.preloads());
        WasiConfig wasi = options.wasi().orElseThrow();
        assertEquals(Map.of("B", "2", "A", ""), wasi.environment());
        assertEquals(List.of("B", "A"), List.copyOf(wasi.environment().keySet()));
        assertEquals(List.of("prog", ""), wasi.arguments());
        assertEquals(List.of(new MappedDirectory("data", Path.of("/project/data")),
                new MappedDirectory("/assets", Path.of("/project/src/assets"))), wasi.directories());
        assertEquals(-7, wasi.randomSeed());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), wasi.clockStart());
    }

    @Test
    void aValueEqualToTheDefaultIsNotGiven() throws Exception {
        Configuration configuration = new Configuration()
                .with(SnapshotOption.INIT_FUNCTION, Defaults.INIT_FUNCTION)
                .with(SnapshotOption.WASI_RANDOM_SEED, Defaults.WASI_RANDOM_SEED);

        // the default init function still falls back to wizer's older default, and no WASI option is given
        assertEquals(Optional.empty(), resolve(configuration).initFunction());
        assertDoesNotThrow(() -> Configuration.requireWasiWhereConfigured(List.of(configuration)));
    }

    @Test
    void wasiOptionsNeedWasiOnInOneOfTheModules() {
        Configuration environment = new Configuration().with(SnapshotOption.ENVIRONMENT, List.of("A=B"));
        var e = assertThrows(OptionException.class,
                () -> Configuration.requireWasiWhereConfigured(List.of(new Configuration(), environment)));
        assertEquals("--env/environment configures WASI, which is off: turn it on with --allow-wasi/allowWasi",
                e.getMessage());

        Configuration on = environment.overriddenBy(new Configuration().with(SnapshotOption.ALLOW_WASI, "true"));
        assertDoesNotThrow(() -> Configuration.requireWasiWhereConfigured(List.of(environment, on)));
        assertDoesNotThrow(() -> Configuration.requireWasiWhereConfigured(List.of(
                new Configuration().with(SnapshotOption.WASI_ARGUMENTS, List.of()))));
    }

    @Test
    void wasiOptionsOfAModuleWithWasiOffAreNotRead() throws Exception {
        SnapshotOptions options = resolve(new Configuration()
                .with(SnapshotOption.WASI_CLOCK_START, "never")
                .with(SnapshotOption.ALLOW_WASI, "false"));

        assertEquals(Optional.empty(), options.wasi());
    }

    @Test
    void aModuleOverridesWhatItGives() throws Exception {
        Configuration execution = new Configuration()
                .with(SnapshotOption.INIT_FUNCTION, "init")
                .with(SnapshotOption.RENAME_FUNCTIONS, List.of("a=b"));
        SnapshotOptions module = resolve(execution.overriddenBy(new Configuration()
                .with(SnapshotOption.RENAME_FUNCTIONS, List.of())
                .with(SnapshotOption.KEEP_INIT_FUNCTION, "true")));

        assertEquals(Optional.of("init"), module.initFunction());
        assertEquals(List.of(), module.renames());
        assertTrue(module.keepInitFunction());
    }

    @Test
    void theBuildsTimeStartsTheClockOnlyWhenUsed() throws Exception {
        Configuration wasi = new Configuration().with(SnapshotOption.ALLOW_WASI, "true");
        ClockStartDefault epoch = ClockStartDefault.sourceDateEpoch("1600000000");
        assertEquals(Instant.ofEpochSecond(1_600_000_000),
                wasi.resolve(BASE, epoch).wasi().orElseThrow().clockStart());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), wasi.resolve(BASE,
                ClockStartDefault.outputTimestamp("2024-01-01T01:00:00+01:00")).wasi().orElseThrow().clockStart());
        assertEquals(WasiConfig.DEFAULT_CLOCK_START,
                wasi.resolve(BASE, ClockStartDefault.outputTimestamp("x")).wasi().orElseThrow().clockStart());
        assertEquals(Instant.ofEpochSecond(7),
                wasi.resolve(BASE, ClockStartDefault.outputTimestamp("7")).wasi().orElseThrow().clockStart());

        ClockStartDefault malformed = ClockStartDefault.sourceDateEpoch("2024-01-01T00:00:00Z");
        assertDoesNotThrow(() -> new Configuration().resolve(BASE, malformed));
        assertDoesNotThrow(() -> wasi.overriddenBy(new Configuration().with(SnapshotOption.WASI_CLOCK_START, "0"))
                .resolve(BASE, malformed));
        var e = assertThrows(OptionException.class, () -> wasi.resolve(BASE, malformed));
        assertEquals("SOURCE_DATE_EPOCH is '2024-01-01T00:00:00Z', which cannot start the WASI clock: it must be"
                + " whole seconds since 1970, from 1970 to 2100; fix it, or give --wasi-clock-start/wasiClockStart",
                e.getMessage());
    }
}
