package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.nn.ReferencePython;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build facts {@link Torch#build()} reports, checked against Debian's PyTorch (the same libtorch, asked from
 * Python), and the messages {@link Torch#requireDevice} gives for each thing that can be missing.
 */
class TorchBuildTest {

    /** PyTorch's own view of the same libtorch: version, CUDA build, CUDA and cuDNN versions, GPU count. */
    private static List<String> pythonFacts() throws Exception {
        String out = ReferencePython.runSnippet("""
                import torch
                print(torch.__version__)
                print(torch.version.cuda is not None)
                print(torch.version.cuda or '')
                print(torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else '')
                print(torch.cuda.device_count())
                """);
        return out.lines().toList();
    }

    @Test
    void factsMatchWhatPyTorchReportsForTheSameLibtorch() throws Exception {
        List<String> python = pythonFacts();
        TorchBuild build = Torch.build();
        // 1.13.0a0 from Python, 1.13.0 from the headers; 2.11.0+cu130 and 2.11.0 on a pip install.
        String pythonVersion = python.get(0).replaceFirst("^(\\d+\\.\\d+\\.\\d+).*$", "$1");
        assertEquals(pythonVersion, build.version(), "libtorch version, Python said " + python.get(0));
        assertEquals(Boolean.parseBoolean(python.get(1)), build.cuda(), "CUDA build");
        assertEquals(Integer.parseInt(python.get(4)), build.gpus().size(), "GPUs");
        assertEquals(Torch.cudaDeviceCount(), build.gpus().size());
        if (build.cuda()) {
            assertEquals(Optional.of(python.get(2)), build.cudaRuntime());
        } else {
            assertEquals(Optional.empty(), build.cudaRuntime());
        }
    }

    @Test
    void debiansLibtorchIsACpuBuildWithoutGpus() {
        TorchBuild build = Torch.build();
        assertFalse(build.cuda(), "these tests run on Debian's CPU libtorch");
        assertEquals(Optional.empty(), build.cudaRuntime());
        assertEquals(Optional.empty(), build.cudnn());
        assertEquals(Optional.empty(), build.cudaDriver());
        assertEquals(List.of(), build.gpus());
        assertEquals("libtorch " + Torch.version() + ", CPU build", build.describe());
    }

    @Test
    void requireDeviceOnACpuBuildNamesTheCpuOnlyLibtorch() {
        Torch.requireDevice(Device.CPU);
        for (Device device : List.of(Device.cuda(0), Device.cuda(3))) {
            TorchException e = assertThrows(TorchException.class, () -> Torch.requireDevice(device));
            assertEquals(TorchException.Code.NO_CUDA, e.code());
            assertContains(e.getMessage(), device + " asked", "libtorch " + Torch.version() + " is a CPU-only build",
                    "native/shim/README.md", "--device cpu");
        }
    }

    /** Timing waits for a device's kernels: nothing to wait for on the CPU, and no CUDA on a CPU build. */
    @Test
    void synchronizeIsFreeOnTheCpuAndRefusedWithoutCuda() {
        Torch.synchronize(Device.CPU);
        TorchException e = assertThrows(TorchException.class, () -> Torch.synchronize(Device.cuda(0)));
        assertEquals(TorchException.Code.NO_CUDA, e.code());
        assertContains(e.getMessage(), "synchronizing cuda:0");
    }

    private static final TorchBuild.Gpu H200 = new TorchBuild.Gpu(0, "NVIDIA H200", 150_754_820_096L, 9, 0);

    @Test
    void cudaBuildWithoutAVisibleGpuSaysSo() {
        TorchBuild build = new TorchBuild("2.11.0", true, Optional.of("13.0"), Optional.of("9.13.0"), Optional.of("13.0"), List.of());
        String why = build.cudaUnavailable(0).orElseThrow();
        assertContains(why, "cuda:0 asked", "CUDA build of libtorch 2.11.0 sees no GPU", "CUDA driver 13.0", "nvidia-smi",
                "CUDA_VISIBLE_DEVICES", "--device cpu");
        TorchBuild noDriver = new TorchBuild("2.11.0", true, Optional.of("13.0"), Optional.empty(), Optional.empty(), List.of());
        assertContains(noDriver.cudaUnavailable(0).orElseThrow(), "no CUDA driver found");
        assertContains(noDriver.describe(), "CUDA build (CUDA 13.0, no cuDNN, no CUDA driver), no GPU visible");
    }

    @Test
    void cudaIndexOutOfRangeNamesTheGpusThereAre() {
        TorchBuild one = new TorchBuild("2.11.0", true, Optional.of("13.0"), Optional.of("9.13.0"), Optional.of("13.0"), List.of(H200));
        assertEquals(Optional.empty(), one.cudaUnavailable(0));
        String why = one.cudaUnavailable(1).orElseThrow();
        assertContains(why, "cuda:1 asked", "libtorch sees 1 GPU (cuda:0 NVIDIA H200 (140.4 GiB, compute 9.0))",
                "use --device cuda:0 or --device cpu");
        TorchBuild two = new TorchBuild("2.11.0", true, Optional.of("13.0"), Optional.empty(), Optional.of("13.0"),
                List.of(H200, new TorchBuild.Gpu(1, "NVIDIA H200", 150_754_820_096L, 9, 0)));
        assertContains(two.cudaUnavailable(2).orElseThrow(), "sees 2 GPUs", "cuda:0…cuda:1");
        assertEquals("libtorch 2.11.0, CUDA build (CUDA 13.0, cuDNN 9.13.0, driver 13.0), 1 GPU: cuda:0 NVIDIA H200"
                + " (140.4 GiB, compute 9.0)", one.describe());
    }

    @Test
    void versionNumbersDecodeAsNvidiaEncodesThem() {
        // CUDART_VERSION = 1000 major + 10 minor; CUDNN_VERSION = 10000 major + 100 minor + patch from cuDNN 9,
        // 1000 major + 100 minor + patch before (cuda_runtime_api.h, cudnn_version.h).
        assertEquals(Optional.of("13.0"), TorchBuild.cudaVersion(13000));
        assertEquals(Optional.of("12.4"), TorchBuild.cudaVersion(12040));
        assertEquals(Optional.of("11.8"), TorchBuild.cudaVersion(11080));
        assertEquals(Optional.empty(), TorchBuild.cudaVersion(0));
        assertEquals(Optional.of("9.13.0"), TorchBuild.cudnnVersion(91300));
        assertEquals(Optional.of("9.1.0"), TorchBuild.cudnnVersion(90100));
        assertEquals(Optional.of("8.9.7"), TorchBuild.cudnnVersion(8907));
        assertEquals(Optional.empty(), TorchBuild.cudnnVersion(0));
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message lacks '" + p + "': " + message);
        }
    }
}
