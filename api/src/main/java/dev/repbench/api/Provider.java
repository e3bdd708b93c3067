package dev.repbench.api;

/**
 * What every RepBench service has: a stable name, a one-line description and the SPI version
 * it was built for. Implementations are found through {@link java.util.ServiceLoader} and need
 * a public no-argument constructor; constructing one must be cheap and must not touch data or
 * native libraries, because RepBench instantiates every provider just to list it.
 */
public interface Provider {

    /**
     * The stable id users type and results are keyed by, e.g. {@code moco-v2} or {@code fmnist-cls}:
     * at most 64 lower-case letters, digits, '.', '_' and '-', starting with a letter or digit
     * (see {@link #isValidName}). Must be unique across everything RepBench loads and must
     * never change once results exist under it.
     *
     * @return the name
     */
    String name();

    /**
     * One line for listings, e.g. "MoCo v2: momentum contrast with an MLP head and blur augmentation".
     *
     * @return the description
     */
    String description();

    /**
     * The SPI version this provider was built against.
     *
     * <p>Caution: a default method's body runs from the api jar present at <em>run</em> time, so
     * this default reports the running RepBench's version, not the plugin's. The jar manifest's
     * {@value SpiVersion#MANIFEST_ATTRIBUTE} is the authoritative declaration. A provider that
     * wants a per-class check as well overrides this with
     * {@code return SpiVersion.of(SpiVersion.MAJOR, SpiVersion.MINOR);}: those constants are
     * copied into its class at compile time, so it reports the api it was compiled against.
     *
     * @return the SPI version
     */
    default SpiVersion spiVersion() {
        return SpiVersion.CURRENT;
    }

    /**
     * Whether {@code name} is a valid provider name (see {@link #name()}).
     *
     * @param name the candidate, may be null
     * @return true if valid
     */
    static boolean isValidName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9._-]{0,63}");
    }
}
