package dev.repbench.runtime.version;

/**
 * The extension point for version lines of native components (libtorch, ONNX Runtime, CUDA):
 * implementations inside RepBench are listed in
 * {@code META-INF/services/dev.repbench.runtime.version.ComponentVersion} and found with
 * {@link java.util.ServiceLoader}. Not part of the plugin SPI.
 *
 * <p>{@link #version()} may fail (e.g. the native library is missing); the report then shows the
 * component as unavailable with the reason instead of failing.
 */
public interface ComponentVersion {

    /** @return the component's name, e.g. {@code libtorch} */
    String component();

    /**
     * @return the version and any useful detail, e.g. {@code "2.5.1 (CUDA 12.4)"}
     * @throws Exception if the component cannot be asked, e.g. its library is not installed
     */
    String version() throws Exception;
}
