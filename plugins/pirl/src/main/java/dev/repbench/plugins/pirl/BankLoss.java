package dev.repbench.plugins.pirl;

import dev.repbench.plugins.kit.loss.Nce;
import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import java.util.List;
import java.util.Locale;

/**
 * The contrastive loss of one branch against the memory bank: the config's {@code loss}. Both take the
 * branch's {@link MemoryBank.Similarities}.
 */
public enum BankLoss {
    /** Noise-contrastive estimation, the reference's choice: {@link Nce#loss}. */
    NCE("nce"),
    /**
     * InfoNCE (the reference's {@code cross_entropy} option): cross-entropy of the positive among the positive and
     * the negatives, logits {@code s/τ}: {@code −log(exp(s⁺/τ) / (exp(s⁺/τ) + Σ_k exp(s⁻ₖ/τ)))}, averaged over the
     * batch.
     */
    INFONCE("infonce");

    private final String configName;

    BankLoss(String configName) {
        this.configName = configName;
    }

    /** @return the value of the config's {@code loss} naming this loss */
    public String configName() {
        return configName;
    }

    /** @return the loss named {@code text} ({@code nce} or {@code infonce}, any case) */
    public static BankLoss fromConfig(String text) {
        for (BankLoss loss : values()) {
            if (loss.configName.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return loss;
            }
        }
        throw new IllegalArgumentException("config '" + PirlSettings.LOSS + "' must be 'nce' or 'infonce', got '" + text + "'");
    }

    /**
     * @param similarities        the branch's similarities to its own entries and to the negatives
     * @param temperature         τ
     * @param datasetSize         the bank's size (NCE's noise distribution is uniform over it)
     * @param normalisingConstant NCE's Z; ignored by InfoNCE
     * @return the scalar loss
     */
    public Tensor apply(MemoryBank.Similarities similarities, double temperature, long datasetSize, double normalisingConstant) {
        return switch (this) {
            case NCE -> Nce.loss(similarities.positive(), similarities.negative(), temperature, datasetSize, normalisingConstant);
            case INFONCE -> infoNce(similarities, temperature);
        };
    }

    private static Tensor infoNce(MemoryBank.Similarities similarities, double temperature) {
        Tensor positive = similarities.positive();
        Tensor logits = Tensor.cat(List.of(positive.unsqueeze(1), similarities.negative()), 1).div(temperature);
        Tensor firstIsTrue = Tensor.zeros(DType.INT64, positive.device(), positive.size(0));
        return Functional.crossEntropy(logits, firstIsTrue);
    }
}
