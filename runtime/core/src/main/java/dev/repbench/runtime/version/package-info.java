/**
 * What this RepBench is made of, for {@code repbench version}, {@code --version} and result records:
 * its own version and SPI, the JVM and OS, and every {@link dev.repbench.runtime.version.ComponentVersion}
 * found on the class path (where libtorch and ONNX Runtime report theirs).
 */
package dev.repbench.runtime.version;
