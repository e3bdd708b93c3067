package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.BenchArchitectures;
import dev.repbench.runtime.cli.CommandRun;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks' {@code --arch} values come from the architecture registry, in the help and in the refusals. */
class BenchArchitecturesTest {

    @Test
    void theBenchesWithAPyTorchTwinRunTheBuiltInsWithAFlopCount() {
        assertEquals(List.of("resnet18", "resnet18-small", "resnet50"), BenchArchitectures.withPyTorchTwin());
        assertEquals(ArchitectureRegistry.builtIn().names(), BenchArchitectures.withPyTorchTwin());
        assertEquals(List.of("block1", "block2", "block3", "block4", "block5", "embedding"),
                BenchArchitectures.blocksAndEmbedding(BenchArchitectures.any("resnet50").layout()));
    }

    @Test
    void anUnknownArchitectureIsAUsageErrorNamingTheOnesAccepted() {
        for (String bench : List.of("torch", "features", "pretrain")) {
            CommandRun r = CommandRun.run("bench", bench, "--arch", "vgg16");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains("--arch: 'vgg16' is not one of resnet18, resnet18-small, resnet50"), r.err());
        }
        CommandRun cka = CommandRun.run("bench", "cka", "--arch", "vgg16");
        assertEquals(2, cka.exitCode(), cka.err());
        assertTrue(cka.err().contains("--arch: unknown architecture 'vgg16'; known: resnet18, resnet18-small, resnet50"),
                cka.err());
    }

    @Test
    void theHelpListsTheRegistrysNames() {
        String torch = help("torch");
        assertTrue(torch.contains("--arch=<arch> resnet18, resnet18-small, resnet50: the architectures PyTorch builds too"
                + " (default: resnet50)"), torch);
        String cka = help("cka");
        assertTrue(cka.contains("--arch=<arch> resnet18, resnet18-small, resnet50 (default: resnet50)"), cka);
    }

    /** The help of {@code repbench bench NAME}, its line wrapping undone. */
    private static String help(String bench) {
        return CommandRun.run("bench", bench, "--help").out().replaceAll("\\s+", " ");
    }
}
