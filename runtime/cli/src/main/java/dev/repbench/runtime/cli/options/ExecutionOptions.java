package dev.repbench.runtime.cli.options;

import dev.repbench.api.Device;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.torch.Torch;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Where and how wide commands compute: {@code --device} and {@code --threads}, accepted by every command. */
public final class ExecutionOptions {

    @Option(names = "--device", paramLabel = "cpu|cuda[:N]", scope = ScopeType.INHERIT,
            converter = DeviceConverter.class, defaultValue = "cpu",
            description = "Compute device (default: ${DEFAULT-VALUE}).")
    private Device device = Device.CPU;

    @Option(names = "--threads", paramLabel = "N", scope = ScopeType.INHERIT,
            converter = PositiveInt.class,
            description = "CPU threads to use (default: the available processors, ${DEFAULT-VALUE}).")
    private int threads = Runtime.getRuntime().availableProcessors();

    /** @return the chosen device */
    public Device device() {
        return device;
    }

    /**
     * The device libtorch trains on (pretraining, heads), checked before any work starts.
     *
     * @return {@link #device()}
     * @throws dev.repbench.torch.TorchException naming what is missing: a CPU-only libtorch, no GPU visible, an index
     *                                           beyond the GPUs there are
     */
    public Device trainingDevice() {
        Torch.requireDevice(device);
        return device;
    }

    /**
     * For a CUDA device, prints the one line saying which ONNX Runtime provider extracts features: the CUDA one, or
     * the CPU one and what the CUDA one is missing (the run goes on, features on the CPU). Nothing for the CPU.
     */
    public void announceFeaturesProvider(PrintWriter err) {
        announceFeaturesProvider(device, err);
    }

    /** {@link #announceFeaturesProvider(PrintWriter)} for a device given elsewhere, e.g. a run spec's. */
    public static void announceFeaturesProvider(Device device, PrintWriter err) {
        if (device.isCuda()) {
            err.println(OnnxEngine.providerFor(device).describe());
            err.flush();
        }
    }

    /** @return the chosen thread count, at least 1 */
    public int threads() {
        return threads;
    }

    /** Parses {@code --device} with the api's rule, so the message names the accepted forms. */
    static final class DeviceConverter implements CommandLine.ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Device.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
