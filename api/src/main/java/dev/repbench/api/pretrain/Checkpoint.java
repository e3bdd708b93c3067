package dev.repbench.api.pretrain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A complete training state written by an algorithm, enough to resume from: the algorithm
 * decides its content (weights, optimiser, queues); RepBench only records where it is.
 *
 * @param epoch epochs completed when written, 0 or more
 * @param step  optimiser steps completed when written, 0 or more
 * @param file  the file, fully written before the algorithm reports it
 */
public record Checkpoint(int epoch, long step, Path file) {
    /**
     * @throws IllegalArgumentException if epoch or step is negative
     */
    public Checkpoint {
        Objects.requireNonNull(file, "file");
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("epoch and step must not be negative, got " + epoch + ", " + step);
        }
    }
}
