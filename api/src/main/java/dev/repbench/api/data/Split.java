package dev.repbench.api.data;

/** The partitions of a task's data. Heads train on TRAIN, may select on VAL, and are scored on TEST. */
public enum Split {
    /** Head training data. */
    TRAIN,
    /** Held-out data for selection; may be empty. */
    VAL,
    /** The data the reported metric is computed on. */
    TEST
}
