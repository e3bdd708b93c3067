package dev.repbench.api.data;

/**
 * One class for the whole sample (classification, counting, egomotion bins).
 *
 * @param index the class, {@code 0..classes-1} of the task's output
 */
public record ClassLabel(int index) implements Target {
    /**
     * @throws IllegalArgumentException if negative
     */
    public ClassLabel {
        if (index < 0) {
            throw new IllegalArgumentException("class index must not be negative, got " + index);
        }
    }
}
