package dev.repbench.torch.ffi;

/**
 * How libtorch's OpenMP threads wait at their barriers, set before libtorch is loaded.
 *
 * <p>GNU libgomp (which Debian's libtorch and PyTorch's wheels use) by default spins for about 300,000 iterations
 * before a thread sleeps. On a machine where another process keeps a core busy, the spinning threads take their
 * share of the cores from the thread that has work, and every barrier waits for a thread that is not running: a
 * training step on two cores with one busy fell 5-10x. {@code OMP_WAIT_POLICY=PASSIVE} makes waiting threads sleep
 * at once. Measured on this project's shared 2-core machine it was faster both with and without a busy process
 * beside the run (docs/run-spec.md, "A busy machine"); {@code bench pretrain --busy-core} measures it anywhere.
 *
 * <p>libgomp reads its environment once, when it is loaded, and the JVM's own environment is fixed at its start —
 * but the C environment is not: {@link #applyDefault()} sets {@code OMP_WAIT_POLICY=PASSIVE} with libc's
 * {@code setenv} just before the shim (and so libtorch and libgomp) is loaded, unless the user set
 * {@value #POLICY} or {@value #SPINCOUNT} (their choice wins: {@code OMP_WAIT_POLICY=ACTIVE} restores spinning).
 * The launcher ({@code repbench}) and the Slurm scripts export the same default, so a process that loads libgomp
 * some other way first gets it too. If libgomp is already loaded when the shim loads, nothing is changed and
 * {@link #state()} says so.
 */
public final class OpenMpPolicy {
    /** The OpenMP standard's variable: {@code PASSIVE} (sleep at once) or {@code ACTIVE} (spin). */
    public static final String POLICY = "OMP_WAIT_POLICY";
    /** libgomp's own: how many spins before a waiting thread sleeps (wins over the policy's spin count). */
    public static final String SPINCOUNT = "GOMP_SPINCOUNT";
    /** The default RepBench sets. */
    public static final String DEFAULT = "PASSIVE";

    private static volatile String state = "not applied yet (libtorch not loaded)";

    private OpenMpPolicy() {
    }

    /**
     * Sets the default in the C environment when neither variable is set and libgomp is not yet loaded. Called by
     * {@link ShimLibrary} before it loads the shim; never throws.
     */
    static synchronized void applyDefault() {
        try {
            String policy = CEnvironment.get(POLICY);
            String spins = CEnvironment.get(SPINCOUNT);
            if (policy != null || spins != null) {
                state = describe(policy, spins) + " (set by the user)";
            } else if (CEnvironment.libraryMapped("libgomp")) {
                state = "libgomp's default (it was loaded before RepBench could set " + POLICY + "=" + DEFAULT
                        + "; export it before starting the JVM)";
            } else {
                CEnvironment.setIfAbsent(POLICY, DEFAULT);
                state = POLICY + "=" + DEFAULT + " (RepBench's default)";
            }
        } catch (Throwable t) {
            state = "unknown (" + t + ")";
        }
    }

    /** What libgomp runs with in this process, in words, e.g. {@code OMP_WAIT_POLICY=PASSIVE (RepBench's default)}. */
    public static String state() {
        return state;
    }

    /**
     * Gives a child process (a PyTorch baseline) the wait policy this process runs with: the JVM hands children the
     * environment it started with, which lacks the default {@link #applyDefault()} set in the C environment.
     *
     * @param environment a {@link ProcessBuilder#environment()}; unchanged when it names either variable already
     */
    public static void exportTo(java.util.Map<String, String> environment) {
        if (environment.containsKey(POLICY) || environment.containsKey(SPINCOUNT)) {
            return;
        }
        try {
            String policy = CEnvironment.get(POLICY);
            String spins = CEnvironment.get(SPINCOUNT);
            if (policy == null && spins == null) {
                policy = DEFAULT;   // libtorch not loaded yet: the child gets what this process will use
            }
            if (policy != null) {
                environment.put(POLICY, policy);
            }
            if (spins != null) {
                environment.put(SPINCOUNT, spins);
            }
        } catch (Throwable t) {
            environment.put(POLICY, DEFAULT);
        }
    }

    private static String describe(String policy, String spins) {
        return (policy == null ? "" : POLICY + "=" + policy) + (policy != null && spins != null ? ", " : "")
                + (spins == null ? "" : SPINCOUNT + "=" + spins);
    }
}
