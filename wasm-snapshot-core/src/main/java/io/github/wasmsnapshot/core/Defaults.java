package io.github.wasmsnapshot.core;

/**
 * The options' defaults as text: constants, so that the Maven plugin's parameter annotations can name them and the
 * two front-ends cannot drift apart.
 */
public final class Defaults {
    public static final String INIT_FUNCTION = "wizer-initialize";
    public static final String MAX_DATA_SEGMENTS = "10000";
    public static final String WASI_RANDOM_SEED = "0";
    public static final String CLOCK_START = "2000-01-01T00:00:00Z";
    public static final String FALSE = "false";
    public static final String ENGINE = "auto";
    /** The value of the cache directory option that turns the cache off. */
    public static final String NO_CACHE = "none";
    /** Ten minutes: a build should fail, not hang, on an initializer that never returns. */
    public static final String PLUGIN_TIMEOUT = "600";
    /**
     * Deep enough for real initializers (10,000 nested calls of a small function in Chicory's interpreter, with room
     * to spare; the Rust regex_test needs less than 1m), small enough that runaway recursion fails within a second,
     * in under 100 MB.
     */
    public static final String STACK_SIZE = "16m";
    /** More threads than this cannot make the scan faster on any machine we know of. */
    public static final int MAX_PARALLELISM = 256;

    private Defaults() {}
}
