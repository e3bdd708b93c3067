package dev.repbench.api.task;

/**
 * The study's four task categories: semantic or structural, crossed with image-level or
 * pixelwise output (Kotar et al., Section 4.1). Analyses group and normalise scores by it.
 */
public enum TaskCategory {
    /** What is in the image, one answer per image: e.g. ImageNet, Pets, SUN397, Kinetics action. */
    SEMANTIC_IMAGE_LEVEL(true, false, "semantic image-level"),
    /** How the scene is arranged, one answer per image: e.g. CLEVR count, THOR and nuScenes egomotion. */
    STRUCTURAL_IMAGE_LEVEL(false, false, "structural image-level"),
    /** What each pixel belongs to: e.g. Cityscapes, Pets instance and EgoHands segmentation. */
    SEMANTIC_PIXELWISE(true, true, "semantic pixelwise"),
    /** Geometry per pixel: e.g. THOR, Taskonomy and NYU depth, NYU walkable, KITTI optical flow. */
    STRUCTURAL_PIXELWISE(false, true, "structural pixelwise");

    private final boolean semantic;
    private final boolean pixelwise;
    private final String label;

    TaskCategory(boolean semantic, boolean pixelwise, String label) {
        this.semantic = semantic;
        this.pixelwise = pixelwise;
        this.label = label;
    }

    /** @return true if the task predicts per pixel, false if one output per sample */
    public boolean isPixelwise() {
        return pixelwise;
    }

    /** @return true for semantic tasks, false for structural ones */
    public boolean isSemantic() {
        return semantic;
    }

    /** @return the study's wording, e.g. {@code "semantic image-level"}, for reports */
    public String label() {
        return label;
    }
}
