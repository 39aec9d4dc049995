package io.github.wasmsnapshot.maven;

import java.io.File;
import java.util.List;

/**
 * One {@code <module>} of the {@code modules} parameter: a module whose input, output or options differ from the
 * execution's. Every option left out takes the execution's value.
 */
public class ModuleConfiguration {
    /** The module to pre-initialize. Required. */
    File input;

    /**
     * Where to write it. Default: its path relative to {@code inputDirectory}, under {@code outputDirectory}, or
     * its file name under {@code outputDirectory} if it lies outside {@code inputDirectory}.
     */
    File output;

    /* The options a module may override, each as the goal's parameter of the same name (see ParameterValues). */

    String initFunction;

    List<String> renameFunctions;

    String keepInitFunction;

    String maxDataSegments;

    String engine;

    String timeout;

    String stackSize;

    List<String> preloads;

    String allowWasi;
}
