package dev.repbench.runtime.report.svg;

import java.util.List;

/**
 * Maps values in [min, max] to colours by linear interpolation between evenly spaced stops; values outside are
 * clamped, {@code NaN} is grey.
 *
 * @param min   the value of the first stop
 * @param max   the value of the last stop
 * @param stops two or more colours
 */
public record ColorScale(double min, double max, List<Rgb> stops) {
    public ColorScale {
        stops = List.copyOf(stops);
        if (stops.size() < 2 || !(min < max)) {
            throw new IllegalArgumentException("a colour scale needs 2 or more stops and min < max, got " + stops.size()
                    + " stops over [" + min + ", " + max + "]");
        }
    }

    /** Blue (min) – white (middle) – red (max): for signed values such as correlations. */
    public static ColorScale diverging(double min, double max) {
        return new ColorScale(min, max, List.of(new Rgb(33, 102, 172), new Rgb(247, 247, 247), new Rgb(178, 24, 43)));
    }

    /** Dark blue to yellow (viridis-like): for values such as CKA in [0, 1]. */
    public static ColorScale sequential(double min, double max) {
        return new ColorScale(min, max, List.of(new Rgb(68, 1, 84), new Rgb(59, 82, 139), new Rgb(33, 145, 140),
                new Rgb(94, 201, 98), new Rgb(253, 231, 37)));
    }

    /** The colour of {@code value}. */
    public Rgb color(double value) {
        if (Double.isNaN(value)) {
            return Rgb.GREY;
        }
        double t = Math.max(0, Math.min(1, (value - min) / (max - min))) * (stops.size() - 1);
        int i = Math.min((int) Math.floor(t), stops.size() - 2);
        return stops.get(i).towards(stops.get(i + 1), t - i);
    }
}
