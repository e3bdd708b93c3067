package dev.repbench.plugins.kit.train;

import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.torch.optim.LARS;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A method's optimiser and its hyperparameters, under the names every kit algorithm uses for them:
 * {@value #LEARNING_RATE}, {@value #MOMENTUM}, {@value #WEIGHT_DECAY} and, for LARS, {@value #TRUST_COEFFICIENT}.
 * An algorithm publishes its defaults with {@link #addTo} and reads the run's with {@link #from}; the names the
 * algorithms used before ({@code sgd-momentum}, {@code lars-momentum}, {@code base-learning-rate}) are still read
 * as these ({@link AlgorithmConfig#RENAMED}). How the rate follows the batch size is {@link LearningRateScaling}'s.
 *
 * @param kind             SGD with momentum or LARS
 * @param learningRate     the peak learning rate (for the reference batch, when the algorithm scales it)
 * @param momentum         heavy-ball momentum, 0 or more
 * @param weightDecay      L2 weight decay, 0 or more (applied to the groups that take it)
 * @param trustCoefficient LARS's trust coefficient η, positive; 0 for SGD, which has none
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum, double weightDecay, double trustCoefficient) {
    /** Config names. */
    public static final String LEARNING_RATE = "learning-rate";
    public static final String MOMENTUM = "momentum";
    public static final String WEIGHT_DECAY = "weight-decay";
    public static final String TRUST_COEFFICIENT = "lars-trust-coefficient";

    /** The optimisers the kit's methods train with. */
    public enum Kind {
        /** {@link SGD} with momentum, no dampening, no Nesterov. */
        SGD,
        /** {@link LARS} (SwAV's LARC, SimCLR's and BYOL's LARS), eps 1e-8. */
        LARS
    }

    /**
     * @throws IllegalArgumentException naming the config names, if a value is negative (or the trust coefficient of
     *                                  LARS not positive)
     */
    public OptimizerConfig {
        Objects.requireNonNull(kind, "kind");
        if (!(learningRate >= 0 && momentum >= 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException(LEARNING_RATE + ", " + MOMENTUM + " and " + WEIGHT_DECAY
                    + " must be 0 or more, got " + learningRate + ", " + momentum + " and " + weightDecay);
        }
        if (kind == Kind.LARS ? !(trustCoefficient > 0) : trustCoefficient != 0) {
            throw new IllegalArgumentException(kind == Kind.LARS
                    ? TRUST_COEFFICIENT + " must be positive, got " + trustCoefficient
                    : "SGD has no " + TRUST_COEFFICIENT + ", got " + trustCoefficient);
        }
    }

    /** SGD with momentum and weight decay. */
    public static OptimizerConfig sgd(double learningRate, double momentum, double weightDecay) {
        return new OptimizerConfig(Kind.SGD, learningRate, momentum, weightDecay, 0);
    }

    /** LARS with momentum, weight decay and trust coefficient η. */
    public static OptimizerConfig lars(double learningRate, double momentum, double weightDecay, double trustCoefficient) {
        return new OptimizerConfig(Kind.LARS, learningRate, momentum, weightDecay, trustCoefficient);
    }

    /**
     * @param config a run's config, which holds this kind's names (from {@link #addTo})
     * @param kind   the optimiser the algorithm trains with
     * @return the values the run uses
     */
    public static OptimizerConfig from(AlgorithmConfig config, Kind kind) {
        return new OptimizerConfig(kind, config.getDouble(LEARNING_RATE), config.getDouble(MOMENTUM),
                config.getDouble(WEIGHT_DECAY), kind == Kind.LARS ? config.getDouble(TRUST_COEFFICIENT) : 0);
    }

    /** Adds these values to an algorithm's defaults under their names (the trust coefficient for LARS only). */
    public void addTo(Map<String, Object> values) {
        values.put(LEARNING_RATE, learningRate);
        values.put(MOMENTUM, momentum);
        values.put(WEIGHT_DECAY, weightDecay);
        if (kind == Kind.LARS) {
            values.put(TRUST_COEFFICIENT, trustCoefficient);
        }
    }

    /** @return the same optimiser with another learning rate */
    public OptimizerConfig withLearningRate(double rate) {
        return new OptimizerConfig(kind, rate, momentum, weightDecay, trustCoefficient);
    }

    /**
     * @param groups       the parameters, grouped (e.g. {@link ParameterGroup#excludingBiasesAndNorms})
     * @param learningRate the optimiser's rate until a schedule sets one
     * @return the optimiser, owned by the caller
     */
    public Optimizer create(List<ParameterGroup> groups, double learningRate) {
        return switch (kind) {
            case SGD -> new SGD(groups, SGD.Options.of(learningRate).momentum(momentum).weightDecay(weightDecay));
            case LARS -> new LARS(groups, LARS.Options.of(learningRate).momentum(momentum).weightDecay(weightDecay)
                    .trustCoefficient(trustCoefficient));
        };
    }
}
