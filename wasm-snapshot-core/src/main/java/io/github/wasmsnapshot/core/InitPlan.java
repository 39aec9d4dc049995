package io.github.wasmsnapshot.core;

import java.util.List;

/**
 * What the checked module will run and export: the init function, whether a WASI reactor's
 * {@code _initialize} runs before it, and the renames to apply.
 */
record InitPlan(String initFunction, boolean callReactorInitialize, boolean keepInitFunction, List<Rename> renames) {
    static final String REACTOR_INITIALIZE = "_initialize";
}
