package dev.repbench.plugins.pirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.plugins.kit.loss.Nce;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import org.junit.jupiter.api.Test;

class BankLossTest {

    private static MemoryBank.Similarities batchOfTwo() {
        return new MemoryBank.Similarities(Tensor.of(new double[] {0.5, -0.2}, 2), Tensor.of(new double[] {0.0, -0.5, 0.3, 0.1}, 2, 2));
    }

    @Test
    void infoNceIsTheCrossEntropyOfThePositiveAmongAllScores() {
        try (Scope s = Scope.open()) {
            MemoryBank.Similarities one = new MemoryBank.Similarities(Tensor.of(new double[] {0.5}, 1),
                    Tensor.of(new double[] {0.0, -0.5}, 1, 2));
            // logits 1, 0, −1: −log(e / (e + 1 + 1/e))
            assertEquals(0.40760596444438035, BankLoss.INFONCE.apply(one, 0.5, 4, 1.0).item(), 1e-12);
            // hand-computed mean over two rows at τ = 0.25
            assertEquals(1.301652091033609, BankLoss.INFONCE.apply(batchOfTwo(), 0.25, 10, 99.0).item(), 1e-12);
        }
    }

    @Test
    void nceIsTheKitsNce() {
        try (Scope s = Scope.open()) {
            MemoryBank.Similarities sims = batchOfTwo();
            assertEquals(Nce.loss(sims.positive(), sims.negative(), 0.25, 10, 3.0).item(),
                    BankLoss.NCE.apply(sims, 0.25, 10, 3.0).item(), 0.0);
            assertTrue(BankLoss.NCE.apply(sims, 0.25, 10, 3.0).item() != BankLoss.NCE.apply(sims, 0.25, 10, 1.0).item());
        }
    }

    @Test
    void configNamesAreReadCaseInsensitively() {
        assertEquals(BankLoss.NCE, BankLoss.fromConfig("nce"));
        assertEquals(BankLoss.INFONCE, BankLoss.fromConfig(" InfoNCE "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> BankLoss.fromConfig("triplet"));
        assertTrue(error.getMessage().contains("'loss'") && error.getMessage().contains("infonce"), error.getMessage());
    }
}
