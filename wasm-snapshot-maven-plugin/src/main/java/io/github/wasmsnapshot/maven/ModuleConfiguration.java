package io.github.wasmsnapshot.maven;

import java.io.File;
import java.util.List;

/**
 * One {@code <module>} of the {@code modules} parameter: a module whose input, output or options differ from the
 * execution's. Every field left out takes the execution's value.
 */
public class ModuleConfiguration {
    /** The module to pre-initialize. Required. */
    File input;

    /**
     * Where to write it. Default: its path relative to {@code inputDirectory}, under {@code outputDirectory}, or
     * its file name under {@code outputDirectory} if it lies outside {@code inputDirectory}.
     */
    File output;

    /* The options, each as the goal's parameter of the same name; null (left out) takes the goal's value. */

    String initFunction;

    List<String> renameFunctions;

    Boolean keepInitFunction;

    Integer maxDataSegments;

    List<String> preloads;

    Boolean allowWasi;
}
