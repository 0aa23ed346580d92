package io.pixelwise.options;

import java.util.ArrayList;
import java.util.List;

/** A user's list of numbers from 1 up, such as "2, 5-7": the labels to cut out, the channels a model sees. */
public final class NumberRanges {

    private NumberRanges() {
    }

    /**
     * The ranges [from, to] of {@code text} in the order typed; empty for empty text.
     *
     * @param label the option's dialog label, named in the error message
     * @param noun  what is listed ("label", "channel"), for the error message
     */
    public static List<int[]> parse(String text, String label, String noun) {
        List<int[]> ranges = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 1 || to < from) {
                    throw new NumberFormatException();
                }
                ranges.add(new int[] {from, to});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + label + "' must list " + noun + "s like 2, 5-7 (" + noun
                        + "s from 1 up), was '" + text + "'");
            }
        }
        return ranges;
    }
}
