package dev.repbench.runtime.report.svg;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round tick values covering a data range: the step is 1, 2 or 5 times a power of ten, the ticks are multiples
 * of the step, the first at or below the minimum and the last at or above the maximum.
 *
 * @param values the ticks, ascending
 * @param step   the distance between ticks
 */
public record NiceTicks(List<Double> values, double step) {
    public NiceTicks {
        values = List.copyOf(values);
    }

    /** About {@code target} ticks covering [min, max] (a single value gets a range around it). */
    public static NiceTicks of(double min, double max, int target) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("ticks need a finite range, got [" + min + ", " + max + "]");
        }
        if (min > max) {
            double t = min;
            min = max;
            max = t;
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / Math.max(1, target - 1));
        long first = (long) Math.floor(min / step + 1e-9);
        long last = (long) Math.ceil(max / step - 1e-9);
        List<Double> values = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            values.add(round(k * step, step)); // k · step, without the float noise of 3 · 0.1
        }
        return new NiceTicks(values, step);
    }

    /** The first tick. */
    public double low() {
        return values.getFirst();
    }

    /** The last tick. */
    public double high() {
        return values.getLast();
    }

    /** A tick as text with just the decimals the step needs. */
    public String label(double value) {
        return String.format(Locale.ROOT, "%." + decimals(step) + "f", value + 0.0);
    }

    /** 1, 2 or 5 × 10^k, the smallest such at or above {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        return new BigDecimal(nice).multiply(BigDecimal.valueOf(power)).doubleValue();
    }

    private static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    private static double round(double value, double step) {
        return BigDecimal.valueOf(value).setScale(decimals(step) + 1, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
