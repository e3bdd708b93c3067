package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.Precision;
import dev.repbench.api.task.HeadKind;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.record.ResultRecord;
import java.util.Objects;

/**
 * A head-based evaluation protocol: for the tasks whose head it serves, it reads the encoder's frozen features from
 * the cache (extracting what is missing), trains the head on train-minus-validation, scores validation and test
 * after every epoch, and chooses the epoch on validation alone. {@link Evaluator} runs the part every protocol
 * shares (the record check, the task's data and validation carve, the record); {@link Protocols} lists the
 * protocols and picks one by head.
 *
 * <p>A new protocol implements this interface in a package of its own and adds one line to {@link Protocols}.
 */
public interface Protocol {

    /** @return whether this protocol trains and scores heads of this kind */
    boolean serves(HeadKind head);

    /**
     * Refuses, before any data is opened or feature extracted, a task or encoder this protocol cannot evaluate.
     *
     * @throws IllegalArgumentException naming what is missing (an output, a metric the head cannot produce)
     */
    void check(EndTask task, LoadedEncoder encoder);

    /**
     * Trains the task's head on one cell's features and scores it every epoch.
     *
     * @param cell the encoder, task, configuration, seed, splits and the feature cache
     * @return the curves and the samples used
     */
    Outcome run(ProtocolInput cell);

    /**
     * What a protocol produced for one cell.
     *
     * @param curves    the metric after each epoch and the chosen epoch
     * @param sizes     the samples used per split
     * @param precision what the head trained in (the config's, or fp32 after a fallback)
     */
    record Outcome(Curves curves, ResultRecord.SplitSizes sizes, Precision precision) {
        public Outcome {
            Objects.requireNonNull(curves, "curves");
            Objects.requireNonNull(sizes, "sizes");
            Objects.requireNonNull(precision, "precision");
        }

        /** A head trained in fp32. */
        public Outcome(Curves curves, ResultRecord.SplitSizes sizes) {
            this(curves, sizes, Precision.FP32);
        }
    }
}
