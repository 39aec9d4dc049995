package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Preload;
import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The options one module is pre-initialized with: the execution's, overridden by the module's {@code <module>}
 * entry. A record, so that its {@link #toString()} names every option and value; {@link #fingerprintText()}, part
 * of the module's fingerprint, is built on it. Adding an option: a component here, a line in {@link #overriddenBy}
 * and one in {@link #toSnapshotOptions}, and the parameter in {@link SnapshotMojo} and, if a module may override
 * it, {@link ModuleConfiguration}. WASI's options are the execution's, in {@link WasiParameters}.
 */
record ModuleOptions(String initFunction, List<String> renameFunctions, boolean keepInitFunction, int maxDataSegments,
        List<String> preloads, boolean allowWasi, WasiParameters wasi) {

    ModuleOptions {
        renameFunctions = renameFunctions == null ? List.of() : List.copyOf(renameFunctions);
        preloads = preloads == null ? List.of() : preloads.stream().map(p -> p == null ? "" : p).toList();
        Objects.requireNonNull(wasi);
    }

    /** These options, with every option the entry sets replaced by the entry's value. */
    ModuleOptions overriddenBy(ModuleConfiguration entry) {
        return new ModuleOptions(
                entry.initFunction != null ? entry.initFunction : initFunction,
                entry.renameFunctions != null ? entry.renameFunctions : renameFunctions,
                entry.keepInitFunction != null ? entry.keepInitFunction : keepInitFunction,
                entry.maxDataSegments != null ? entry.maxDataSegments : maxDataSegments,
                entry.preloads != null ? entry.preloads : preloads,
                entry.allowWasi != null ? entry.allowWasi : allowWasi,
                wasi);
    }

    /**
     * What the output depends on besides the input and the files these options name: every option, but WASI's
     * only if WASI is on (otherwise the initializer never sees them, and a new {@code outputTimestamp} need not
     * redo the module).
     */
    String fingerprintText() {
        return allowWasi ? toString() : new ModuleOptions(initFunction, renameFunctions, keepInitFunction,
                maxDataSegments, preloads, false, WasiParameters.DEFAULTS).toString();
    }

    /**
     * The core's options; relative paths (preload files, directories) are resolved against {@code basedir}.
     *
     * @throws IllegalArgumentException if a value is invalid; the message says which and why
     */
    SnapshotOptions toSnapshotOptions(Path basedir) {
        SnapshotOptions.Builder builder = SnapshotOptions.builder()
                .initFunction(initFunction)
                .keepInitFunction(keepInitFunction)
                .maxDataSegments(maxDataSegments)
                .allowWasi(allowWasi)
                .wasi(wasi.toWasiConfig(basedir));
        renameFunctions.forEach(spec -> builder.rename(Rename.parse(spec)));
        for (String spec : preloads) {
            Preload preload = Preload.parse(spec);
            builder.preload(new Preload(preload.name(), basedir.resolve(preload.file()).normalize()));
        }
        return builder.build();
    }
}
