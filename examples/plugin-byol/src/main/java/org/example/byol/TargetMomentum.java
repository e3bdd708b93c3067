package org.example.byol;

/**
 * The target network's exponential-moving-average rate τ over a run: it starts at {@code base} and rises to 1 along
 * a cosine, {@code τ(k) = 1 − (1 − base)·(cos(π·k/K) + 1)/2} for step {@code k} of {@code K}. Late in training the
 * target therefore changes ever more slowly.
 *
 * @param base       τ at step 0, in [0, 1] (BYOL: 0.996)
 * @param totalSteps K, the optimiser steps of the whole run, at least 1
 */
public record TargetMomentum(double base, long totalSteps) {

    public TargetMomentum {
        if (!(base >= 0 && base <= 1) || totalSteps < 1) {
            throw new IllegalArgumentException("the target momentum base is in [0, 1] and the run has 1 or more steps, got "
                    + base + " and " + totalSteps);
        }
    }

    /**
     * @param step the optimiser step just taken, from 0
     * @return τ for the target update after that step; 1 from step {@code K} on
     */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be 0 or more, got " + step);
        }
        if (step >= totalSteps) {
            return 1.0;
        }
        return 1.0 - (1.0 - base) * (StrictMath.cos(Math.PI * step / totalSteps) + 1.0) / 2.0;
    }
}
