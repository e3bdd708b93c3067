package dev.repbench.torch.io;

import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ReferencePython;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.StateDictMismatchException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {
    @TempDir
    Path folder;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void roundTripKeepsNamesOrderDtypesAndValues() throws Exception {
        Path file = folder.resolve("sub/dir/state.pt");
        try (Scope s = Scope.open()) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("z.weight", Tensor.randn(3, 4));
            state.put("a.count", Tensor.of(new long[] {7}, new long[0]));
            state.put("m.values", Tensor.of(new double[] {1.5, -2}, 2));
            Checkpoints.save(file, state);
            Checkpoints.save(file, state);  // replacing an existing checkpoint

            Map<String, Tensor> loaded = Checkpoints.load(file);
            assertEquals(List.copyOf(state.keySet()), List.copyOf(loaded.keySet()));
            assertEquals(DType.INT64, loaded.get("a.count").dtype());
            assertArrayEquals(new long[0], loaded.get("a.count").shape());
            assertEquals(DType.FLOAT64, loaded.get("m.values").dtype());
            assertTrue(loaded.get("z.weight").allClose(state.get("z.weight"), 0, 0));
        }
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aModuleRoundTripsThroughAFileAndPythonReadsIt() throws Exception {
        Path file = folder.resolve("resnet.pt");
        Torch.manualSeed(3);
        try (ResNet saved = ResNet.resnet18Small(5); ResNet restored = ResNet.resnet18Small(5); Scope s = Scope.open()) {
            Checkpoints.save(file, saved);
            Checkpoints.loadInto(restored, file, CheckpointLayout.TORCHVISION);
            Tensor x = Tensor.randn(2, 3, 8, 8);
            try (GradMode off = GradMode.disabled()) {
                assertTrue(saved.eval().forward(x).logits().allClose(restored.eval().forward(x).logits(), 0, 0));
            }
            double expected = saved.namedParameters().get("fc.weight").sum().item();
            String python = ReferencePython.runSnippet("import torch; s = torch.load(r'" + file + "');"
                    + " print(len(s), s['bn1.num_batches_tracked'].dtype, repr(float(s['fc.weight'].sum())))");
            String[] fields = python.strip().split(" ");
            assertEquals(String.valueOf(saved.stateDict().size()), fields[0]);
            assertEquals("torch.int64", fields[1]);
            assertEquals(expected, Double.parseDouble(fields[2]), 1e-6);
        }
    }

    @Test
    void loadIntoReadsTheLayoutAndNamesTheFileOnMismatch() {
        Path file = folder.resolve("ddp.pt");
        try (ResNet source = ResNet.resnet18Small(); ResNet target = ResNet.resnet18Small(); Scope s = Scope.open()) {
            Map<String, Tensor> prefixed = new LinkedHashMap<>();
            source.stateDict().forEach((name, t) -> prefixed.put("module." + name, t));
            Checkpoints.save(file, prefixed);

            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> Checkpoints.loadInto(target, file, CheckpointLayout.TORCHVISION));
            assertTrue(e.getMessage().startsWith("checkpoint " + file.toAbsolutePath()), e.getMessage());
            assertTrue(e.getMessage().contains("--strip-prefix module."), "names the fix: " + e.getMessage());

            CheckpointLayout.Selection detected = Checkpoints.loadInto(target, file, null);
            assertEquals(CheckpointLayout.DATA_PARALLEL, detected.layout());
            assertTrue(target.namedParameters().get("layer2.0.conv1.weight")
                    .allClose(source.namedParameters().get("layer2.0.conv1.weight"), 0, 0));
        }
    }

    @Test
    void unreadableFilesFailNamingTheFileAndTheFixAndAnOrderedDictLoads() throws Exception {
        Path missing = folder.resolve("nope.pt");
        try (Scope s = Scope.open()) {
            CheckpointException absent = assertThrows(CheckpointException.class, () -> Checkpoints.load(missing));
            assertTrue(absent.getMessage().contains(missing.toString()) && absent.getMessage().contains("check the path"),
                    absent.getMessage());

            Path garbage = Files.writeString(folder.resolve("garbage.pt"), "not a checkpoint");
            CheckpointException corrupt = assertThrows(CheckpointException.class, () -> Checkpoints.load(garbage));
            assertTrue(corrupt.getMessage().contains(garbage.toString()) && corrupt.getMessage().contains("torch.save"),
                    corrupt.getMessage());

            // What Python users write by default: torch.save(model.state_dict()), an OrderedDict.
            Path ordered = folder.resolve("ordered.pt");
            ReferencePython.runSnippet("import torch, collections; torch.save(collections.OrderedDict("
                    + "[('a', torch.ones(2)), ('b', torch.zeros(3))]), r'" + ordered + "')");
            Map<String, Tensor> loaded = Checkpoints.load(ordered);
            assertEquals(List.of("a", "b"), List.copyOf(loaded.keySet()));
            assertArrayEquals(new float[] {1, 1}, loaded.get("a").toFloatArray());
            assertArrayEquals(new float[] {0, 0, 0}, loaded.get("b").toFloatArray());
        }
    }

    @Test
    void aFailedSaveLeavesTheOldCheckpointIntact() throws Exception {
        Path file = folder.resolve("keep.pt");
        try (Scope s = Scope.open()) {
            Checkpoints.save(file, Map.of("a", Tensor.ones(2), "b", Tensor.zeros(2)));
            byte[] before = Files.readAllBytes(file);
            Tensor closed = Tensor.ones(2);
            closed.close();
            assertThrows(RuntimeException.class, () -> Checkpoints.save(file, Map.of("a", closed)));
            assertArrayEquals(before, Files.readAllBytes(file));
            try (var listing = Files.list(folder)) {
                assertEquals(List.of(file), listing.toList(), "the partial file is removed");
            }
        }
    }
}
