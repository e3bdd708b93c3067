package dev.repbench.runtime.cli;

import dev.repbench.api.Device;
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
            converter = PositiveIntConverter.class,
            description = "CPU threads to use (default: the available processors, ${DEFAULT-VALUE}).")
    private int threads = Runtime.getRuntime().availableProcessors();

    /** @return the chosen device */
    public Device device() {
        return device;
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

    /** Parses a whole number of at least 1. */
    static final class PositiveIntConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of 1 or more");
        }
    }
}
