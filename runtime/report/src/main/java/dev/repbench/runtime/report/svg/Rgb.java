package dev.repbench.runtime.report.svg;

/** An opaque colour, components 0–255. */
public record Rgb(int red, int green, int blue) {
    public static final Rgb BLACK = new Rgb(0, 0, 0);
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb GREY = new Rgb(136, 136, 136);
    public static final Rgb LIGHT_GREY = new Rgb(221, 221, 221);

    private static final Rgb[] CATEGORICAL = {new Rgb(31, 119, 180), new Rgb(255, 127, 14), new Rgb(44, 160, 44),
            new Rgb(214, 39, 40), new Rgb(148, 103, 189), new Rgb(140, 86, 75), new Rgb(227, 119, 194),
            new Rgb(127, 127, 127), new Rgb(188, 189, 34), new Rgb(23, 190, 207)};

    public Rgb {
        if (red < 0 || red > 255 || green < 0 || green > 255 || blue < 0 || blue > 255) {
            throw new IllegalArgumentException("colour components are 0–255, got " + red + ", " + green + ", " + blue);
        }
    }

    /** {@code #rrggbb}. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    /** The {@code i}-th colour of a 10-colour categorical palette, repeating. */
    public static Rgb categorical(int i) {
        return CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)];
    }

    /** The colour {@code t} of the way from this to {@code other}, t in [0, 1]. */
    public Rgb towards(Rgb other, double t) {
        return new Rgb(mix(red, other.red, t), mix(green, other.green, t), mix(blue, other.blue, t));
    }

    /** Black or white, whichever reads better on this colour. */
    public Rgb readableText() {
        return 0.299 * red + 0.587 * green + 0.114 * blue > 140 ? BLACK : WHITE;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
    }
}
