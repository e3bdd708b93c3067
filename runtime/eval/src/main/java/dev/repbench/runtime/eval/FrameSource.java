package dev.repbench.runtime.eval;

import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;

/** Frame {@code k} of each sample of a multi-frame source, as single-frame samples (the extractor reads frame 0). */
record FrameSource(SampleSource samples, int frame) implements SampleSource {
    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Sample get(int index) {
        Sample sample = samples.get(index);
        return Sample.of(sample.frames().get(frame), sample.target());
    }
}
