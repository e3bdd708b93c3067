package dev.repbench.api.pretrain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An algorithm's hyperparameters: named values of type {@link String}, {@link Boolean},
 * {@link Long} or {@link Double} (ints and floats given to the constructor are widened).
 * An algorithm publishes its defaults; a run spec overrides some of them with
 * {@link #withOverrides}, which refuses unknown names and wrong types, so a typo cannot
 * silently train with the default.
 *
 * <p>Since 1.2 the algorithms share one set of names for the same idea ({@code momentum}, {@code projection-dim},
 * ...). The names they had before stay readable: {@link #RENAMED} maps each to its current name, and a config
 * reads, overrides and compares an old name as the current one, so specs and recorded runs written before keep
 * working ({@link #deprecationNotes} says what to write instead).
 *
 * @param values the values by name, kept in name order
 */
public record AlgorithmConfig(Map<String, Object> values) {

    /**
     * Config names renamed in SPI 1.2, when the plugin kit gave every algorithm one vocabulary, to their current
     * names: the optimiser's ({@code sgd-momentum}, {@code lars-momentum}; {@code base-learning-rate}; PIRL's
     * {@code learning-rate-batch-size}) and the projection head's ({@code feature-dim}, {@code embedding-dim};
     * {@code mlp-hidden-dim}, {@code hidden-dim}).
     *
     * <p>A config built from values under an old name holds them under the current one, unless it also holds the
     * current name, or another old name of it: then the names are its own and stay as given.
     */
    public static final Map<String, String> RENAMED = Map.of(
            "sgd-momentum", "momentum",
            "lars-momentum", "momentum",
            "base-learning-rate", "learning-rate",
            "learning-rate-batch-size", "learning-rate-reference-batch",
            "feature-dim", "projection-dim",
            "embedding-dim", "projection-dim",
            "mlp-hidden-dim", "projector-hidden-dim",
            "hidden-dim", "projector-hidden-dim");

    /**
     * @throws IllegalArgumentException if a name is blank or a value has another type
     */
    public AlgorithmConfig {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "config name");
            if (key.isBlank()) {
                throw new IllegalArgumentException("config names must not be blank");
            }
            sorted.put(key, normalise(key, e.getValue()));
        }
        values = java.util.Collections.unmodifiableMap(currentNames(sorted));
    }

    /** {@code values} with each old name of {@link #RENAMED} replaced by its current one where that is unambiguous. */
    private static Map<String, Object> currentNames(Map<String, Object> values) {
        Map<String, Integer> claims = new HashMap<>();
        for (String key : values.keySet()) {
            String current = RENAMED.get(key);
            if (current != null) {
                claims.merge(current, 1, Integer::sum);
            }
        }
        if (claims.isEmpty()) {
            return values;
        }
        Map<String, Object> renamed = new TreeMap<>();
        values.forEach((key, value) -> {
            String current = RENAMED.get(key);
            boolean rename = current != null && !values.containsKey(current) && claims.get(current) == 1;
            renamed.put(rename ? current : key, value);
        });
        return renamed;
    }

    /** @return a config with no values */
    public static AlgorithmConfig empty() {
        return new AlgorithmConfig(Map.of());
    }

    /**
     * The name this config holds {@code name}'s value under: {@code name} itself, or its current name when
     * {@code name} is an old one of {@link #RENAMED} and this config holds the current one.
     *
     * @param name a config name as given (in a spec, on a command line, in a plugin's code)
     * @return the name in {@link #values()}, or {@code name} when this config has no value for it
     * @since 1.2
     */
    public String nameOf(String name) {
        if (values.containsKey(name)) {
            return name;
        }
        String current = RENAMED.get(name);
        return current != null && values.containsKey(current) ? current : name;
    }

    /**
     * One line for each name in {@code given} that is an old name of one of this config's values, e.g.
     * {@code config name 'sgd-momentum' is deprecated: it is now 'momentum'}. For a host to show where a run
     * spec or command line still uses an old name; the value is used all the same.
     *
     * @param given names as given, e.g. the keys of a spec's {@code set:}
     * @return the notes, in the order of {@code given}; empty when every name is current
     * @since 1.2
     */
    public List<String> deprecationNotes(Collection<String> given) {
        List<String> notes = new ArrayList<>();
        for (String name : given) {
            String current = nameOf(name);
            if (!current.equals(name)) {
                notes.add("config name '" + name + "' is deprecated: it is now '" + current + "'");
            }
        }
        return notes;
    }

    private static Object normalise(String key, Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("config value '" + key + "' is null");
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case Double d -> d;
            default -> throw new IllegalArgumentException("config value '" + key + "' has type "
                    + value.getClass().getSimpleName() + "; use a string, boolean, integer or floating-point number");
        };
    }

    /**
     * This config with some values replaced. A replacement must name an existing value (by its current or an
     * old name, see {@link #RENAMED}) and have its type; an integer may replace a floating-point value, and text
     * is parsed into the existing value's type (so values typed on a command line work).
     *
     * @param overrides replacements by name
     * @return the new config
     * @throws IllegalArgumentException naming the offending key and the known keys or expected type
     */
    public AlgorithmConfig withOverrides(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        Map<String, String> givenAs = new HashMap<>();
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String given = e.getKey();
            String key = nameOf(given);
            Object current = values.get(key);
            if (current == null) {
                throw new IllegalArgumentException("unknown config name '" + given + "'; known: " + values.keySet());
            }
            String earlier = givenAs.put(key, given);
            if (earlier != null) {
                throw new IllegalArgumentException("config names '" + earlier + "' and '" + given + "' both set '" + key
                        + "' (an old name and the current one); give it once, as '" + key + "'");
            }
            merged.put(key, convert(given, normalise(given, e.getValue()), current));
        }
        return new AlgorithmConfig(merged);
    }

    private static Object convert(String key, Object given, Object current) {
        if (given.getClass() == current.getClass()) {
            return given;
        }
        if (current instanceof Double && given instanceof Long l) {
            return l.doubleValue();
        }
        if (given instanceof String text) {
            try {
                return switch (current) {
                    case Long ignored -> Long.parseLong(text.strip());
                    case Double ignored -> Double.parseDouble(text.strip());
                    case Boolean ignored when text.strip().equalsIgnoreCase("true") -> true;
                    case Boolean ignored when text.strip().equalsIgnoreCase("false") -> false;
                    default -> throw new NumberFormatException();
                };
            } catch (NumberFormatException ex) {
                // fall through to the type error below
            }
        }
        throw new IllegalArgumentException("config '" + key + "' must be " + typeName(current) + ", got '" + given + "'");
    }

    private static String typeName(Object value) {
        return switch (value) {
            case Long ignored -> "an integer";
            case Double ignored -> "a number";
            case Boolean ignored -> "true or false";
            default -> "text";
        };
    }

    private Object require(String key) {
        Object v = values.get(nameOf(key));
        if (v == null) {
            throw new IllegalArgumentException("no config value '" + key + "'; known: " + values.keySet());
        }
        return v;
    }

    private <T> T typed(String key, Class<T> type) {
        Object v = require(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("config '" + key + "' is " + typeName(v) + ", not " + typeName(
                    type == Long.class ? 0L : type == Double.class ? 0.0 : type == Boolean.class ? Boolean.FALSE : ""));
        }
        return type.cast(v);
    }

    /**
     * @param key the name
     * @return the integer value
     * @throws IllegalArgumentException if absent, not an integer, or outside the int range
     */
    public int getInt(String key) {
        long v = typed(key, Long.class);
        if (v != (int) v) {
            throw new IllegalArgumentException("config '" + key + "' = " + v + " does not fit an int");
        }
        return (int) v;
    }

    /**
     * @param key the name
     * @return the integer value
     * @throws IllegalArgumentException if absent or not an integer
     */
    public long getLong(String key) {
        return typed(key, Long.class);
    }

    /**
     * @param key the name
     * @return the number; an integer value is widened
     * @throws IllegalArgumentException if absent or not a number
     */
    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        return typed(key, Double.class);
    }

    /**
     * @param key the name
     * @return the boolean value
     * @throws IllegalArgumentException if absent or not a boolean
     */
    public boolean getBoolean(String key) {
        return typed(key, Boolean.class);
    }

    /**
     * @param key the name
     * @return the text value
     * @throws IllegalArgumentException if absent or not text
     */
    public String getString(String key) {
        return typed(key, String.class);
    }
}
