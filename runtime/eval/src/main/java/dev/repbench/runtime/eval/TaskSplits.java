package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;

/**
 * A task's splits as every protocol uses them, with the validation carve: the task's own VAL as is, else a seeded
 * share of TRAIN.
 *
 * @param manifest the data's manifest hash
 * @param train    TRAIN
 * @param val      VAL, possibly empty
 * @param test     TEST, never empty
 * @param carve    which samples train the head and which select the epoch
 */
public record TaskSplits(String manifest, SampleSource train, SampleSource val, SampleSource test, ValidationSplit carve) {

    /**
     * @param manifest the data's manifest hash, as {@link TaskManifests} knows it
     * @throws IllegalArgumentException if the task has no test samples
     */
    public static TaskSplits of(TaskDataset data, String manifest, EndTask task, ProtocolConfig config, long seed) {
        SampleSource train = data.split(Split.TRAIN);
        SampleSource val = data.split(Split.VAL);
        SampleSource test = data.split(Split.TEST);
        if (test.size() == 0) {
            throw new IllegalArgumentException("task " + task.name() + " has no test samples");
        }
        ValidationSplit carve = val.size() > 0
                ? ValidationSplit.ofTaskSplits(train.size(), val.size())
                : ValidationSplit.carve(train.size(), config.validationFraction(), config.minValidation(), seed, manifest);
        return new TaskSplits(manifest, train, val, test, carve);
    }

    /** @return whether the task has its own VAL split (else validation is carved out of TRAIN) */
    public boolean hasOwnValidation() {
        return val.size() > 0;
    }
}
