package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JigsawHeadTest {

    @Test
    void projectsEachPatchThenTheConcatenationInPositionOrder() {
        try (Scope s = Scope.open(); JigsawHead head = new JigsawHead(5, 3)) {
            Tensor patches = Tensor.randn(2 * 9, 5);
            Tensor out = head.forward(patches);
            assertArrayEquals(new long[] {2, 3}, out.shape());
            Map<String, Tensor> weights = head.stateDict();
            assertArrayEquals(new long[] {3, 27}, weights.get("puzzle.weight").shape());
            // By hand: image b's row is puzzle(cat_k patch(x_{9b+k})).
            for (int b = 0; b < 2; b++) {
                List<Tensor> projected = new ArrayList<>();
                for (int k = 0; k < 9; k++) {
                    projected.add(Functional.linear(patches.narrow(0, 9L * b + k, 1), weights.get("patch.weight"), weights.get("patch.bias")));
                }
                Tensor expected = Functional.linear(Tensor.cat(projected, 1), weights.get("puzzle.weight"), weights.get("puzzle.bias"));
                assertTrue(expected.allClose(out.narrow(0, b, 1), 1e-5, 1e-6), "image " + b);
            }
        }
    }

    @Test
    void theOutputDependsOnWhereEachPatchIs() {
        try (Scope s = Scope.open(); JigsawHead head = new JigsawHead(4, 2)) {
            Tensor patches = Tensor.randn(9, 4);
            Tensor swapped = Tensor.cat(List.of(patches.narrow(0, 1, 1), patches.narrow(0, 0, 1), patches.narrow(0, 2, 7)), 0);
            assertFalse(head.forward(patches).allClose(head.forward(swapped), 1e-4, 1e-5));
        }
    }

    @Test
    void refusesABatchThatIsNotNinePatchesPerImage() {
        try (Scope s = Scope.open(); JigsawHead head = new JigsawHead(4, 2)) {
            assertThrows(IllegalArgumentException.class, () -> head.forward(Tensor.zeros(10, 4)));
        }
    }
}
