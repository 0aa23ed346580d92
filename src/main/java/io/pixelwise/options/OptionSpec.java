package io.pixelwise.options;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options in the order its dialog shows them; every front end (ImageJ dialog and macro keys, SciJava
 * inputs, command-line flags, the README's tables) is made from this one list.
 */
public record OptionSpec(String command, List<Option> options) {

    public OptionSpec {
        options = List.copyOf(options);
        Map<String, String> names = new LinkedHashMap<>();
        for (Option o : options) {
            claim(names, o.key(), o.key());
            for (Option.Alias a : o.aliases()) {
                claim(names, a.name(), o.key());
            }
        }
    }

    private void claim(Map<String, String> names, String name, String key) {
        String before = names.put(name, key);
        if (before != null) {
            throw new IllegalArgumentException(command + ": name '" + name + "' is used by options '" + before
                    + "' and '" + key + "'");
        }
    }

    /** This spec's options followed by {@code more}, as the options of {@code name}. */
    public OptionSpec with(String name, List<Option> more) {
        List<Option> all = new java.util.ArrayList<>(options);
        all.addAll(more);
        return new OptionSpec(name, all);
    }

    /** The option of {@code key} or of an alias of it; null when there is none. */
    public Option find(String name) {
        for (Option o : options) {
            if (o.key().equals(name) || o.aliases().stream().anyMatch(a -> a.name().equals(name))) {
                return o;
            }
        }
        return null;
    }

    public Option option(String key) {
        Option o = find(key);
        if (o == null) {
            throw new IllegalArgumentException(command + " has no option '" + key + "'");
        }
        return o;
    }

    public List<Option> offeredBy(Option.Front front) {
        return options.stream().filter(o -> o.offeredBy(front)).toList();
    }

    /**
     * The settings {@code given} describes (key or alias to a string or typed value; missing ones take their
     * defaults), each checked; an unknown name is an error naming the options there are.
     */
    public Values values(Map<String, ?> given) {
        return values(given, o -> "'" + o.label() + "' (" + o.key() + ")");
    }

    /** As {@link #values(Map)}, each option called {@code name.apply(option)} in messages. */
    public Values values(Map<String, ?> given, java.util.function.Function<Option, String> name) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            Option o = find(e.getKey());
            if (o == null) {
                throw new IllegalArgumentException(command + ": unknown option '" + e.getKey() + "'; the options are "
                        + String.join(", ", options.stream().map(Option::key).toList()));
            }
            Object value = e.getValue();
            for (Option.Alias a : o.aliases()) {
                if (a.name().equals(e.getKey()) && a.value() != null) {
                    value = a.value();
                }
            }
            typed.put(o.key(), o.convert(value, name.apply(o)));
        }
        for (Option o : options) {
            typed.computeIfAbsent(o.key(), k -> o.defaultValue());
        }
        return new Values(typed);
    }

    /** Every option at its default. */
    public Values defaults() {
        return values(Map.of());
    }

    /** The values of one command run, by key, already checked against the spec. */
    public static final class Values {
        private final Map<String, Object> map;

        private Values(Map<String, Object> map) {
            this.map = Map.copyOf(map);
        }

        private Object get(String key) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("no option '" + key + "'");
            }
            return map.get(key);
        }

        public boolean flag(String key) {
            return (Boolean) get(key);
        }

        public int integer(String key) {
            return Math.toIntExact(((Number) get(key)).longValue());
        }

        public long longValue(String key) {
            return ((Number) get(key)).longValue();
        }

        public double number(String key) {
            return ((Number) get(key)).doubleValue();
        }

        public String text(String key) {
            return (String) get(key);
        }

        /** The text, or null where it is blank (an optional path left empty). */
        public String optionalText(String key) {
            String s = text(key);
            return s == null || s.isBlank() ? null : s.trim();
        }

        public Map<String, Object> asMap() {
            return map;
        }
    }
}
