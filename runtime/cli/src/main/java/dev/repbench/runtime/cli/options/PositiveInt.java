package dev.repbench.runtime.cli.options;

import picocli.CommandLine;

/** Parses a whole number of at least 1, naming the option's value when it is not. */
public final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of 1 or more");
    }
}
