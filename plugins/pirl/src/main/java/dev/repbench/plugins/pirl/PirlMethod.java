package dev.repbench.plugins.pirl;

import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.Method;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.plugins.kit.train.ViewSpec;
import dev.repbench.plugins.kit.loss.Nce;
import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.ParameterGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PIRL training step. Two views of each image: the image branch embeds the image view with the backbone and
 * maps it linearly to a 128-d representation; the jigsaw branch cuts nine patches from the jigsaw view
 * ({@link JigsawPatches}, shuffled per image), embeds each with the same backbone and combines them with the
 * {@link JigsawHead}. Both representations are L2-normalised and compared with the {@link MemoryBank}:
 * <pre>
 * loss = λ · L(jigsaw, memory) + (1 − λ) · L(image, memory),   λ = 0.5
 * </pre>
 * with {@code L} NCE (or InfoNCE), the positive being the image's own bank entry. After the optimiser step the
 * bank's entries of the batch move towards the image branch's (detached) representations. Both branches are
 * scored before the update, as in the reference.
 *
 * <p>The patches' forward pass leaves the backbone's BatchNorm running statistics as the image pass left them,
 * unless {@link PirlSettings#PATCHES_UPDATE_BN_STATISTICS} says otherwise.
 *
 * <p>NCE's normalising constant Z is estimated once, from the jigsaw branch's scores at the first step (the
 * reference estimates it on the first scores it computes, which are the patches'), unless the config fixes it;
 * it is part of the resumable state.
 *
 * <p>Randomness drawn in a step, after the views', in this order: the puzzles ({@link JigsawPuzzle#draw}), the
 * jigsaw branch's negatives, the image branch's negatives.
 *
 * <p>Learning rate: SGD with momentum, weight decay on weights only; a cosine over epochs (the rate changes at
 * epoch boundaries, as the reference's {@code update_interval: epoch}), scaled linearly with the batch size.
 */
final class PirlMethod extends Method {
    private final PirlSettings settings;
    private final int batchSize;
    private final JigsawGrid grid;
    private final List<ViewSpec> views;
    private final Linear imageHead;
    private final JigsawHead jigsawHead;
    private final MemoryBank bank;
    /** NCE's Z, {@code [1]} float64; 0 until estimated (a resume restores it in place). */
    private final Tensor normalisingConstant;
    /** The running statistics as the image branch left them in the current step, restored after backward. */
    private HeldStatistics heldStatistics;
    /** The image branch's representations of the current step, for the memory update after the optimiser step. */
    private Tensor pendingMemoryUpdate;

    PirlMethod(PretrainingContext context) {
        super(context);
        settings = PirlSettings.from(context.config());
        LoopSettings loop = LoopSettings.from(context.config());
        batchSize = loop.batchSize();
        grid = JigsawGrid.forSide(loop.imageSide(), settings.patchFraction());
        views = List.of(new ViewSpec("image", settings.augmentation().imageView(loop.imageSide()), 1),
                new ViewSpec("jigsaw", settings.augmentation().jigsawView(grid), 1));
        imageHead = register("image-head", new Linear(backbone().embeddingDim(), settings.dimension()));
        jigsawHead = register("jigsaw-head", new JigsawHead(backbone().embeddingDim(), settings.dimension()));
        bank = own(new MemoryBank(context.trainingImages().size(), settings.dimension(), context.device()));
        registerState("memory-bank", bank.entries());
        normalisingConstant = newState("nce-normalising-constant", () -> Tensor.zeros(DType.FLOAT64, context.device(), 1));
        createOptimizer(settings.optimizer(), settings.scaledLearningRate(batchSize), ParameterGroup::excludingBiasesAndNorms);
    }

    @Override
    public List<ViewSpec> views() {
        return views;
    }

    @Override
    public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
        CosineSchedule perEpoch = CosineSchedule.withoutWarmup(settings.scaledLearningRate(batchSize),
                settings.scaledFinalLearningRate(batchSize), epochs);
        return step -> perEpoch.at(step / stepsPerEpoch);
    }

    @Override
    public Tensor loss(StepInput input) {
        int[] indices = input.indices();
        Tensor imageRepresentation = Functional.normalize(imageHead.forward(backbone().forwardEmbedding(input.views().get(0))), 1);
        JigsawPuzzle puzzle = JigsawPuzzle.draw(grid, input.batchSize(), input.random());
        Tensor patches = JigsawPatches.extract(input.views().get(1), puzzle);
        // put back after backward(): autograd checks that the statistics batch norm read are unchanged until then
        heldStatistics = settings.patchesUpdateBnStatistics() ? null : HeldStatistics.of(backbone());
        Tensor jigsawRepresentation = Functional.normalize(jigsawHead.forward(backbone().forwardEmbedding(patches)), 1);

        int negatives = bank.negativeCount(settings.negatives());
        MemoryBank.Similarities jigsaw = bank.similarities(jigsawRepresentation, indices, negatives, input.random());
        MemoryBank.Similarities image = bank.similarities(imageRepresentation, indices, negatives, input.random());
        double z = settings.loss() == BankLoss.NCE ? normalisingConstant(jigsaw) : 1.0;
        double lambda = settings.jigsawLossWeight();
        Tensor jigsawLoss = settings.loss().apply(jigsaw, settings.temperature(), bank.size(), z);
        Tensor imageLoss = settings.loss().apply(image, settings.temperature(), bank.size(), z);
        pendingMemoryUpdate = imageRepresentation.detach();
        return jigsawLoss.mul(lambda).add(imageLoss.mul(1 - lambda));
    }

    /** The configured Z, else the one estimated at the first step, estimating it from {@code first} if not yet done. */
    private double normalisingConstant(MemoryBank.Similarities first) {
        if (settings.normalisingConstant() > 0) {
            return settings.normalisingConstant();
        }
        double estimated = normalisingConstant.item();
        if (estimated > 0) {
            return estimated;
        }
        estimated = Nce.normalisingConstant(first.positive(), first.negative(), settings.temperature(), bank.size());
        normalisingConstant.fillInPlace(estimated);
        return estimated;
    }

    @Override
    public void beforeOptimizerStep(StepInput input) {
        if (heldStatistics != null) {
            heldStatistics.restore();
            heldStatistics = null;
        }
    }

    @Override
    public void afterOptimizerStep(StepInput input) {
        if (pendingMemoryUpdate == null) {
            throw new IllegalStateException("PIRL's memory update needs the loss of the same step first");
        }
        bank.update(input.indices(), pendingMemoryUpdate, settings.memoryMomentum());
        pendingMemoryUpdate = null;
    }

    @Override
    public Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("loss", settings.loss().configName());
        facts.put("memory-bank-size", Integer.toString(bank.size()));
        facts.put("negatives", Integer.toString(bank.negativeCount(settings.negatives())));
        facts.put("jigsaw-grid", "cells of " + grid.cell() + " px from pixel " + grid.margin() + ", patches of " + grid.patch() + " px");
        facts.put("learning-rate", Double.toString(settings.scaledLearningRate(batchSize)));
        if (settings.loss() == BankLoss.NCE) {
            double z = settings.normalisingConstant() > 0 ? settings.normalisingConstant() : normalisingConstant.item();
            facts.put("nce-normalising-constant", z > 0 ? Double.toString(z) : "not estimated yet");
        }
        return facts;
    }
}
