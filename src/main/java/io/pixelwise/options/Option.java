package io.pixelwise.options;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One setting of a command, declared once: its key (the macro key, the SciJava input name and, as {@code --key},
 * the command-line flag), the dialog label (whose first word is the key, as ImageJ derives macro keys), kind,
 * default, allowed range or choices, help text, whether a first-time user needs it ({@link #advanced}) and which
 * front ends offer it. Old spellings stay accepted as {@link Alias}es.
 *
 * @param min smallest allowed number (numbers only)
 * @param max largest allowed number (numbers only)
 */
public record Option(String key, String label, Kind kind, Object defaultValue, double min, double max,
                     List<String> choices, String help, boolean advanced, Set<Front> fronts, List<Alias> aliases) {

    public enum Kind {
        /** A checkbox; {@code --key} on the command line, {@code --no-key} when it is on by default. */
        FLAG,
        INTEGER,
        NUMBER,
        TEXT,
        /** One of {@link #choices}. */
        CHOICE,
        /** A model name (a dropdown of the installed ones) or a model folder. */
        MODEL,
        FOLDER,
        FILE,
        /** An open image, by title (a dialog offers the open images). */
        IMAGE
    }

    /** Where an option is offered: the ImageJ 1.x dialog (and macro keys), the SciJava command, the command line. */
    public enum Front {
        DIALOG,
        SCIJAVA,
        CLI
    }

    /**
     * Another name an option answers to (an older macro key or flag); with a {@code value}, the name alone sets the
     * option to it (the old {@code --corners} flag means {@code --objects "sides and corners"}).
     */
    public record Alias(String name, String value) {
    }

    public Option {
        choices = List.copyOf(choices);
        fronts = Set.copyOf(fronts);
        aliases = List.copyOf(aliases);
        if (!key.equals(key.toLowerCase(Locale.ROOT)) || key.contains(" ")) {
            throw new IllegalArgumentException("option key '" + key + "' must be one lower-case word");
        }
    }

    private static Option of(String key, String label, Kind kind, Object defaultValue, String help) {
        return new Option(key, label, kind, defaultValue, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                List.of(), help, false, EnumSet.allOf(Front.class), List.of());
    }

    public static Option flag(String key, String label, boolean defaultValue, String help) {
        return of(key, label, Kind.FLAG, defaultValue, help);
    }

    public static Option integer(String key, String label, long defaultValue, long min, long max, String help) {
        return of(key, label, Kind.INTEGER, defaultValue, help).range(min, max);
    }

    public static Option number(String key, String label, double defaultValue, double min, double max, String help) {
        return of(key, label, Kind.NUMBER, defaultValue, help).range(min, max);
    }

    public static Option text(String key, String label, String defaultValue, String help) {
        return of(key, label, Kind.TEXT, defaultValue, help);
    }

    public static Option choice(String key, String label, String defaultValue, List<String> choices, String help) {
        Option o = of(key, label, Kind.CHOICE, defaultValue, help);
        return new Option(key, label, Kind.CHOICE, defaultValue, o.min, o.max, choices, help, false, o.fronts,
                o.aliases);
    }

    public static Option model(String key, String label, String defaultValue, String help) {
        return of(key, label, Kind.MODEL, defaultValue, help);
    }

    public static Option folder(String key, String label, String help) {
        return of(key, label, Kind.FOLDER, "", help);
    }

    public static Option file(String key, String label, String help) {
        return of(key, label, Kind.FILE, "", help);
    }

    /** An open image that must be given (a dialog offers the open images, the active one first). */
    public static Option image(String key, String label, String help) {
        return of(key, label, Kind.IMAGE, "", help);
    }

    /** An open image that may be left out: {@link #NO_IMAGE}. */
    public static Option optionalImage(String key, String label, String help) {
        return of(key, label, Kind.IMAGE, NO_IMAGE, help);
    }

    /** The value of an optional image left out. */
    public static final String NO_IMAGE = "None";

    private Option range(double lo, double hi) {
        return new Option(key, label, kind, defaultValue, lo, hi, choices, help, advanced, fronts, aliases);
    }

    /** Left out of a first-time user's view (the dialog's second, "advanced" step). */
    public Option markAdvanced() {
        return new Option(key, label, kind, defaultValue, min, max, choices, help, true, fronts, aliases);
    }

    /** Offered only by these front ends (e.g. what to show on screen, which a command line has no use for). */
    public Option only(Front first, Front... rest) {
        return new Option(key, label, kind, defaultValue, min, max, choices, help, advanced,
                EnumSet.of(first, rest), aliases);
    }

    /** Also answers to {@code name} (a spelling users' macros or scripts already use). */
    public Option alias(String name) {
        return alias(name, null);
    }

    /** Also answers to the bare {@code name}, which sets it to {@code value}. */
    public Option alias(String name, String value) {
        List<Alias> more = new ArrayList<>(aliases);
        more.add(new Alias(name, value));
        return new Option(key, label, kind, defaultValue, min, max, choices, help, advanced, fronts, more);
    }

    public boolean offeredBy(Front front) {
        return fronts.contains(front);
    }

    /** The command-line flag: {@code --key}. */
    public String flag() {
        return "--" + key;
    }

    /**
     * {@code value} (a string as typed in a macro or on the command line, or a value of the option's type) as the
     * option's type, checked: a number must be finite and in range, a choice one of the choices. The message names
     * the option, what was given and what is expected.
     */
    public Object convert(Object value) {
        return convert(value, "'" + label + "' (" + key + ")");
    }

    /** As {@link #convert(Object)}, the option called {@code name} in messages (e.g. {@code --tile}). */
    public Object convert(Object value, String name) {
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().trim();
        return switch (kind) {
            case FLAG -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    yield Boolean.parseBoolean(text);
                }
                throw invalid(name, value, "true or false");
            }
            case INTEGER -> {
                long v;
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    v = n.longValue();
                } else {
                    try {
                        double d = Double.parseDouble(text);
                        if (d != Math.rint(d) || Double.isInfinite(d)) {
                            throw invalid(name, value, "a whole number" + rangeText());
                        }
                        v = (long) d;
                    } catch (NumberFormatException e) {
                        throw invalid(name, value, "a whole number" + rangeText());
                    }
                }
                if (v < min || v > max) {
                    throw invalid(name, value, "a whole number" + rangeText());
                }
                yield v;
            }
            case NUMBER -> {
                double d;
                if (value instanceof Number n) {
                    d = n.doubleValue();
                } else {
                    try {
                        d = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        d = Double.NaN;
                    }
                }
                if (!Double.isFinite(d) || d < min || d > max) {
                    throw invalid(name, value, "a finite number" + rangeText());
                }
                yield d;
            }
            case CHOICE -> {
                for (String c : choices) {
                    if (c.equalsIgnoreCase(text)) {
                        yield c;
                    }
                }
                throw invalid(name, value, "one of " + String.join(", ", choices));
            }
            case TEXT, MODEL, FOLDER, FILE, IMAGE -> text;
        };
    }

    private String rangeText() {
        boolean lo = min > Double.NEGATIVE_INFINITY;
        boolean hi = max < Double.POSITIVE_INFINITY;
        if (lo && hi) {
            return " from " + plain(min) + " to " + plain(max);
        }
        return lo ? " of at least " + plain(min) : hi ? " of at most " + plain(max) : "";
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static IllegalArgumentException invalid(String name, Object value, String expected) {
        return new IllegalArgumentException(name + " must be " + expected + ", was '" + value + "'");
    }

    /** One line of help: what it does, its range or choices and default. */
    public String helpLine() {
        StringBuilder sb = new StringBuilder(help);
        if (kind == Kind.CHOICE) {
            sb.append(" (").append(String.join(" | ", choices)).append(')');
        }
        String def = defaultText();
        if (!def.isEmpty()) {
            sb.append(" [default: ").append(def).append(']');
        }
        return sb.toString();
    }

    /** The default as a user would type it ("" when there is none to show). */
    public String defaultText() {
        if (defaultValue == null || defaultValue.toString().isEmpty()) {
            return "";
        }
        if (defaultValue instanceof Double d) {
            return plain(d);
        }
        return defaultValue.toString();
    }
}
