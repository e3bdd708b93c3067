package dev.repbench.tasks.battery;

/**
 * The colours a scene is painted with: bright saturated tints for garments, darker muted ones for backgrounds,
 * so garments stand out whatever hue either gets. Hues are uniform and independent of every label, which makes
 * colour useful for telling garments apart but never the answer.
 */
final class Colours {
    private Colours() {
    }

    /** @return an RGB tint in [0, 1] for a garment */
    static float[] garment(SampleRandom random) {
        return hsv(random.uniform(0f, 1f), random.uniform(0.45f, 1f), random.uniform(0.7f, 1f));
    }

    /** @return an RGB colour in [0, 1] for a background, floor or wall */
    static float[] background(SampleRandom random) {
        return hsv(random.uniform(0f, 1f), random.uniform(0.15f, 0.7f), random.uniform(0.12f, 0.5f));
    }

    /** The usual hexcone conversion; hue in [0, 1) turns once round the colour wheel. */
    static float[] hsv(float hue, float saturation, float value) {
        float h = (hue - (float) Math.floor(hue)) * 6f;
        int sector = Math.min(5, (int) h);
        float f = h - sector;
        float p = value * (1f - saturation);
        float q = value * (1f - saturation * f);
        float t = value * (1f - saturation * (1f - f));
        return switch (sector) {
            case 0 -> new float[] {value, t, p};
            case 1 -> new float[] {q, value, p};
            case 2 -> new float[] {p, value, t};
            case 3 -> new float[] {p, q, value};
            case 4 -> new float[] {t, p, value};
            default -> new float[] {value, p, q};
        };
    }
}
