package dev.repbench.api.data;

import java.util.List;
import java.util.Objects;

/**
 * A fixed, indexed sequence of samples with random access. RepBench may call {@link #get} from
 * several threads at once and in any order, so implementations must tolerate concurrent calls;
 * the same index must always give the same sample (augmentation is RepBench's job, not the source's).
 */
public interface SampleSource {

    /** @return the number of samples, 0 or more */
    int size();

    /**
     * @param index {@code 0..size()-1}
     * @return the sample at {@code index}
     * @throws IndexOutOfBoundsException if out of range
     * @throws dev.repbench.api.task.TaskDataException if the sample's file cannot be read
     */
    Sample get(int index);

    /**
     * A source over samples already in memory.
     *
     * @param samples the samples, copied
     * @return the source
     */
    static SampleSource of(List<Sample> samples) {
        List<Sample> copy = List.copyOf(samples);
        return new SampleSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public Sample get(int index) {
                return copy.get(Objects.checkIndex(index, copy.size()));
            }
        };
    }

    /** @return a source with no samples, e.g. for an absent VAL split */
    static SampleSource empty() {
        return of(List.of());
    }
}
