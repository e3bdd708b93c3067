package dev.repbench.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the RepBench SPI, {@code major.minor}.
 *
 * <p>The rule: a plugin declares the SPI version it was compiled against; RepBench
 * loads it only if the major equals its own ({@link #canRunOn}). A minor release
 * only adds (new default methods, new types), so a plugin built for an older or
 * equal minor of the same major runs unchanged; a plugin built for a newer minor
 * is still loaded, but may fail where it uses what this RepBench lacks
 * ({@link #isNewerMinorThan}).
 *
 * <p>A plugin jar declares the version in its manifest:
 * <pre>{@code RepBench-SPI-Version: 1.0}</pre>
 * (with Maven: {@code maven-jar-plugin}, {@code <manifestEntries>}).
 *
 * @param major incompatible changes bump it; never negative
 * @param minor compatible additions bump it; never negative
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {

    /**
     * The major of the api a class is compiled against. A compile-time constant, so
     * javac copies its value into every class that reads it: a provider that wants its
     * own {@link Provider#spiVersion()} to report the version it was built with writes
     * {@code return SpiVersion.of(SpiVersion.MAJOR, SpiVersion.MINOR);}.
     */
    public static final int MAJOR = 1;

    /**
     * The minor of the api a class is compiled against; a compile-time constant like {@link #MAJOR}. 1.1 added
     * step checkpoints; 1.2 architectures by name ({@link dev.repbench.api.pretrain.PretrainingContext#architectureName()})
     * and the shared config names ({@link dev.repbench.api.pretrain.AlgorithmConfig#RENAMED}); 1.3 the training
     * precision ({@link dev.repbench.api.pretrain.PretrainingContext#precision()}).
     */
    public static final int MINOR = 3;

    /** The SPI version of this api jar, the one RepBench itself runs with. */
    public static final SpiVersion CURRENT = new SpiVersion(MAJOR, MINOR);

    /** The jar-manifest attribute in which a plugin declares the SPI version it was built for. */
    public static final String MANIFEST_ATTRIBUTE = "RepBench-SPI-Version";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6})(?:\\.(\\d{1,6}))?");

    /**
     * @throws IllegalArgumentException if either part is negative
     */
    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version parts must not be negative: " + major + "." + minor);
        }
    }

    /**
     * The version {@code major.minor}.
     *
     * @param major the major
     * @param minor the minor
     * @return the version
     */
    public static SpiVersion of(int major, int minor) {
        return new SpiVersion(major, minor);
    }

    /**
     * Parses {@code "1.0"}, or {@code "1"} meaning {@code 1.0}; surrounding blanks are ignored.
     *
     * @param text the declared version, e.g. a manifest attribute's value
     * @return the version
     * @throws IllegalArgumentException naming the text and the expected form if it is not a version
     */
    public static SpiVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an SPI version; expected MAJOR.MINOR such as " + CURRENT);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return new SpiVersion(major, minor);
    }

    /**
     * Whether a plugin built for this version may be loaded by a RepBench whose SPI is {@code host}:
     * exactly when the majors are equal.
     *
     * @param host the SPI version of the running RepBench, normally {@link #CURRENT}
     * @return true if the majors match
     */
    public boolean canRunOn(SpiVersion host) {
        return major == host.major;
    }

    /**
     * Whether this version has the same major as {@code host} but a higher minor, i.e. a plugin
     * built for it may use additions {@code host} does not have.
     *
     * @param host the SPI version of the running RepBench
     * @return true if same major and newer minor
     */
    public boolean isNewerMinorThan(SpiVersion host) {
        return major == host.major && minor > host.minor;
    }

    /**
     * The family of versions this one is compatible with, e.g. {@code "1.x"}; for messages.
     *
     * @return {@code major + ".x"}
     */
    public String family() {
        return major + ".x";
    }

    @Override
    public int compareTo(SpiVersion other) {
        int byMajor = Integer.compare(major, other.major);
        return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
    }

    /** @return {@code major.minor}, the form {@link #parse} reads */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
