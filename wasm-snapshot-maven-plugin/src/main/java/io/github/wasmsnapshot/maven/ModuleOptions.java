package io.github.wasmsnapshot.maven;

import io.github.wasmsnapshot.core.Rename;
import io.github.wasmsnapshot.core.SnapshotOptions;
import java.util.List;

/**
 * The options one module is pre-initialized with: the execution's, overridden by the module's {@code <module>}
 * entry. A record, so that its {@link #toString()} names every option and value; that string is part of the
 * module's fingerprint. Adding an option: a component here, a line in {@link #overriddenBy} and one in
 * {@link #toSnapshotOptions()}, and the parameter in {@link SnapshotMojo} and {@link ModuleConfiguration}.
 */
record ModuleOptions(String initFunction, List<String> renameFunctions, boolean keepInitFunction, int maxDataSegments) {

    ModuleOptions {
        renameFunctions = renameFunctions == null ? List.of() : List.copyOf(renameFunctions);
    }

    /** These options, with every option the entry sets replaced by the entry's value. */
    ModuleOptions overriddenBy(ModuleConfiguration entry) {
        return new ModuleOptions(
                entry.initFunction != null ? entry.initFunction : initFunction,
                entry.renameFunctions != null ? entry.renameFunctions : renameFunctions,
                entry.keepInitFunction != null ? entry.keepInitFunction : keepInitFunction,
                entry.maxDataSegments != null ? entry.maxDataSegments : maxDataSegments);
    }

    /** @throws IllegalArgumentException if a value is invalid; the message says which and why */
    SnapshotOptions toSnapshotOptions() {
        SnapshotOptions.Builder builder = SnapshotOptions.builder()
                .initFunction(initFunction)
                .keepInitFunction(keepInitFunction)
                .maxDataSegments(maxDataSegments);
        renameFunctions.forEach(spec -> builder.rename(Rename.parse(spec)));
        return builder.build();
    }
}
