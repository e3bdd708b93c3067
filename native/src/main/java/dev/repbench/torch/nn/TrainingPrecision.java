package dev.repbench.torch.nn;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How a training loop runs for a requested {@link Precision} on a device: whether its steps autocast to bf16, and
 * whether its networks and 4-d inputs are channels-last. The one place these choices are made, for the plugin kit's
 * pretraining loop and for head training alike:
 * <pre>{@code
 * TrainingPrecision precision = TrainingPrecision.of(Precision.BF16, device);
 * Module head = precision.prepare(new UNetHead(...));           // before the optimiser takes its parameters
 * Tensor loss;
 * try (TrainingPrecision.Region r = precision.autocast()) {
 *     loss = criterion(head.forward(precision.prepareInput(x)));
 * }
 * loss.backward();
 * }</pre>
 *
 * <p>bf16 is used only where the hardware runs it natively: a CPU with AVX512_BF16 or AMX-BF16 (elsewhere oneDNN
 * emulates bf16 with float32 instructions and conversions, slower than float32 itself), a GPU of compute capability
 * 8.0 or more. Elsewhere bf16 falls back to fp32, said in one line (once per process on standard error);
 * {@link #effective()} tells which ran. The CPU's features come from a {@link CpuFeatures} source: CPUID through the
 * shim, or one a test gives ({@link #of(Precision, Device, CpuFeatures, Consumer)}).
 *
 * <p>Channels-last goes with bf16, on the CPU (oneDNN's bf16 convolutions are fastest in NHWC) and on a GPU
 * (tensor-core kernels want NHWC). fp32, asked or after a fallback, is today's NCHW path unchanged: channels-last
 * would make fp32 faster on the CPU too (1.25–1.6×), but it changes the order of float32 roundings (early-layer
 * gradients of the small-image ResNet-18 move by up to 3e-3 relative in one step), so fp32 results would no longer
 * reproduce the fp32 records and encoders already written under the same protocol hash.
 */
public final class TrainingPrecision {
    /** The least CUDA compute capability with bf16 tensor cores (Ampere). */
    static final int CUDA_BF16_MAJOR = 8;
    private static final AtomicBoolean FALLBACK_SAID = new AtomicBoolean();

    private final Precision requested;
    private final Precision effective;
    private final Device device;
    private final boolean channelsLast;
    private final String fallback;

    private TrainingPrecision(Precision requested, Precision effective, Device device, boolean channelsLast, String fallback) {
        this.requested = requested;
        this.effective = effective;
        this.device = device;
        this.channelsLast = channelsLast;
        this.fallback = fallback;
    }

    /**
     * The precision to train in on {@code device}: {@code requested}, or fp32 where bf16 is not native there (said
     * once per process on standard error).
     */
    public static TrainingPrecision of(Precision requested, Device device) {
        return of(requested, device, CpuFeatures.CPUID, line -> {
            if (FALLBACK_SAID.compareAndSet(false, true)) {
                System.err.println(line);
            }
        });
    }

    /**
     * The precision to train in on {@code device}, reading the CPU's bf16 features from {@code cpu}: {@code requested},
     * or fp32 where bf16 is not native there, with the one line that says so given to {@code notice}.
     *
     * @param cpu    where the CPU's bf16 features come from ({@link CpuFeatures#CPUID} in production)
     * @param notice receives {@code "repbench: "} and the reason, once per call that falls back
     */
    public static TrainingPrecision of(Precision requested, Device device, CpuFeatures cpu, Consumer<String> notice) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(notice, "notice");
        TrainingPrecision resolved = resolve(requested, device, requested == Precision.BF16 ? nativeBf16(device, cpu) : true);
        resolved.fallback().ifPresent(why -> notice.accept("repbench: " + why));
        return resolved;
    }

    /**
     * Where the CPU's bf16 features are read from. Production reads CPUID through the shim ({@link #CPUID}); a test
     * gives a CPU of its own ({@link #of(String...)}) to see the fallback on a machine that has bf16, or the bf16 path's
     * decisions on one that lacks it.
     */
    @FunctionalInterface
    public interface CpuFeatures {
        /** The features CPUID reports ({@link Torch#cpuBf16Features()}). */
        CpuFeatures CPUID = Torch::cpuBf16Features;

        /** @return the CPU's bf16 features ({@code AVX512_BF16}, {@code AMX_BF16}); empty when it has neither */
        List<String> bf16Features();

        /** @return a CPU with exactly these bf16 features (none: a CPU without native bf16) */
        static CpuFeatures of(String... features) {
            List<String> list = List.of(features);
            return () -> list;
        }
    }

    /** float32 on {@code device}, NCHW: what a loop that was given no precision runs (RepBench's path before bf16). */
    public static TrainingPrecision fp32(Device device) {
        return resolve(Precision.FP32, device, true);
    }

    /** The decision itself, given whether {@code device} runs bf16 natively (tests give both answers). */
    static TrainingPrecision resolve(Precision requested, Device device, boolean deviceHasNativeBf16) {
        String fallback = null;
        Precision effective = requested;
        if (requested == Precision.BF16 && !deviceHasNativeBf16) {
            effective = Precision.FP32;
            fallback = device.isCuda()
                    ? "bf16 asked, but " + device + " has no bf16 tensor cores (compute capability below " + CUDA_BF16_MAJOR
                            + ".0): training in fp32"
                    : "bf16 asked, but this CPU has neither AVX512_BF16 nor AMX-BF16 (libtorch would emulate bf16, slower"
                            + " than fp32): training in fp32";
        }
        boolean channelsLast = effective == Precision.BF16;
        return new TrainingPrecision(requested, effective, device, channelsLast, fallback);
    }

    private static boolean nativeBf16(Device device, CpuFeatures cpu) {
        if (!device.isCuda()) {
            List<String> features = cpu.bf16Features();
            return features.contains("AVX512_BF16") || features.contains("AMX_BF16");
        }
        return Torch.build().gpus().stream()
                .filter(gpu -> gpu.index() == device.index())
                .anyMatch(gpu -> gpu.computeMajor() >= CUDA_BF16_MAJOR);
    }

    /** @return what was asked */
    public Precision requested() {
        return requested;
    }

    /** @return what runs: {@link #requested()}, or fp32 after a fallback */
    public Precision effective() {
        return effective;
    }

    /** @return why {@link #effective()} differs from {@link #requested()}, if it does */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** @return the device this was resolved for */
    public Device device() {
        return device;
    }

    /** @return whether networks and 4-d inputs are put in channels-last memory order */
    public boolean channelsLast() {
        return channelsLast;
    }

    /**
     * Readies a network for training: channels-last when {@link #channelsLast()}. Call it after moving the network to
     * its device and before an optimiser takes its parameters (they are replaced).
     *
     * @return {@code module}
     */
    public <M extends Module> M prepare(M module) {
        if (channelsLast) {
            module.toChannelsLast();
        }
        return module;
    }

    /** @return {@code input} in channels-last order when {@link #channelsLast()} and it is 4-d, else {@code input} itself */
    public Tensor prepareInput(Tensor input) {
        return channelsLast && input.ndim() == 4 && !input.isChannelsLast() ? input.toChannelsLast() : input;
    }

    /**
     * The block of a step to autocast: the forward and the loss, not the backward nor the optimiser's step. With bf16 an
     * {@link Autocast#bf16} region of the calling thread; with fp32 nothing.
     */
    public Region autocast() {
        if (effective != Precision.BF16) {
            return () -> { };
        }
        Autocast region = Autocast.bf16(device);
        return region::close;
    }

    /** A block's autocast, closed with try-with-resources; closing throws no checked exception. */
    @FunctionalInterface
    public interface Region extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return effective + (channelsLast ? " channels-last" : "") + " on " + device
                + (fallback != null ? " (" + requested + " asked)" : "");
    }
}
