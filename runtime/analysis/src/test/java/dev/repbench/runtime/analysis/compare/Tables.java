package dev.repbench.runtime.analysis.compare;

/** Small hand-made result tables shared by the comparison tests. */
final class Tables {
    static final String SEMANTIC = "semantic image-level";
    static final String STRUCTURAL = "structural image-level";
    static final EncoderInfo SUP = new EncoderInfo("00000000aa", "supervised/imagenet", "supervised", "imagenet", 90);
    static final EncoderInfo SUP_PL = new EncoderInfo("00000000a1", "supervised/places", "supervised", "places", 90);
    static final EncoderInfo MOCO_IN = new EncoderInfo("00000000bb", "moco-v2/imagenet/200ep", "moco-v2", "imagenet", 200);
    static final EncoderInfo MOCO_PL = new EncoderInfo("00000000cc", "moco-v2/places/200ep", "moco-v2", "places", 200);
    static final EncoderInfo SWAV_IN = new EncoderInfo("00000000dd", "swav/imagenet/200ep", "swav", "imagenet", 200);

    private Tables() {
    }

    /**
     * Four encoders on two tasks:
     * <pre>
     *              t1   t2
     *   supervised 50   40
     *   moco/in    60   30
     *   moco/pl    40   50
     *   swav/in    55   45
     * </pre>
     */
    static ResultTable.Builder fourByTwo() {
        return ResultTable.builder()
                .add(SUP, "t1", SEMANTIC, "top1", 0, 50).add(SUP, "t2", STRUCTURAL, "top1", 0, 40)
                .add(MOCO_IN, "t1", SEMANTIC, "top1", 0, 60).add(MOCO_IN, "t2", STRUCTURAL, "top1", 0, 30)
                .add(MOCO_PL, "t1", SEMANTIC, "top1", 0, 40).add(MOCO_PL, "t2", STRUCTURAL, "top1", 0, 50)
                .add(SWAV_IN, "t1", SEMANTIC, "top1", 0, 55);
    }

    static ResultTable complete() {
        return fourByTwo().add(SWAV_IN, "t2", STRUCTURAL, "top1", 0, 45).build();
    }
}
