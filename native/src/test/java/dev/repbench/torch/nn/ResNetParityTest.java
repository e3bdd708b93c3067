package dev.repbench.torch.nn;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointLayout;
import dev.repbench.torch.io.Checkpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RepBench's ResNets against torchvision's: the same checkpoint (written by Python's torch.save) gives the
 * same five blocks, embedding and logits, and the state dict has the same names in the same order.
 */
class ResNetParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final long INIT_SEED = 1234;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    private static ResNet build(String architecture) {
        LongFunction<ResNet> factory = switch (architecture) {
            case "resnet18" -> ResNet::resnet18;
            case "resnet50" -> ResNet::resnet50;
            default -> throw new IllegalArgumentException(architecture);
        };
        return factory.apply(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void forwardMatchesTorchvision(String architecture) throws Exception {
        Path golden = ReferencePython.goldenFolder();
        try (ResNet model = build(architecture); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Checkpoints.loadInto(model, golden.resolve(architecture + ".pt"), CheckpointLayout.TORCHVISION);
            model.eval();
            Map<String, Tensor> expected = Checkpoints.load(golden.resolve(architecture + "_io.pt"));
            ResNet.Features features = model.forward(expected.get("input"));

            List<String> report = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                compare("block" + (k + 1), features.blocks().get(k), expected.get("block" + (k + 1)), report, failures);
            }
            compare("embedding", features.embedding(), expected.get("embedding"), report, failures);
            compare("logits", features.logits(), expected.get("logits"), report, failures);
            System.out.println(architecture + " parity (max|a-b|/max|b|): " + String.join(", ", report));
            assertTrue(failures.isEmpty(), architecture + " differs from torchvision beyond " + TOLERANCE
                    + " relative: " + String.join("; ", failures) + " (all: " + String.join(", ", report) + ")");
        }
    }

    private static void compare(String name, Tensor actual, Tensor expected, List<String> report, List<String> failures) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            failures.add(name + " has shape " + Arrays.toString(actual.shape()) + ", torchvision "
                    + Arrays.toString(expected.shape()));
            return;
        }
        double error = actual.sub(expected).abs().max().item() / expected.abs().max().item();
        String figure = name + " " + String.format("%.2e", error);
        report.add(figure);
        if (!(error <= TOLERANCE)) {
            failures.add(figure);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void stateDictNamesAreTorchvisionsInOrder(String architecture) throws Exception {
        List<String> torchvision = Files.readAllLines(ReferencePython.goldenFolder().resolve(architecture + "_keys.txt"))
                .stream().filter(line -> !line.isBlank()).toList();
        try (ResNet model = build(architecture); Scope s = Scope.open()) {
            assertEquals(torchvision, List.copyOf(model.stateDict().keySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void randomInitDrawsAsTorchvisionDoes(String architecture) throws Exception {
        Path golden = ReferencePython.goldenFolder();
        Torch.manualSeed(INIT_SEED);
        try (ResNet model = build(architecture); Scope s = Scope.open()) {
            Map<String, Tensor> ours = model.stateDict();
            for (Map.Entry<String, Tensor> e : Checkpoints.load(golden.resolve(architecture + "_init.pt")).entrySet()) {
                Tensor mine = ours.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), mine.shape(), e.getKey());
                assertTrue(mine.allClose(e.getValue(), 0, 0), e.getKey() + " differs from torchvision's init under the same seed");
            }
        }
    }
}
