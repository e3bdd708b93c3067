package dev.repbench.runtime.eval;

import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;

/** A test task's data held in memory: TRAIN and TEST, no VAL, and a fixed manifest hash. */
final class InMemoryDataset {
    private InMemoryDataset() {
    }

    static TaskDataset of(SampleSource train, SampleSource test, String manifestHash) {
        return new TaskDataset() {
            @Override
            public SampleSource split(Split split) {
                return switch (split) {
                    case TRAIN -> train;
                    case TEST -> test;
                    case VAL -> SampleSource.empty();
                };
            }

            @Override
            public String manifestHash() {
                return manifestHash;
            }
        };
    }
}
