package io.pixelwise.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** A user's choice of labels, such as "2, 5-7"; empty means every label. */
final class LabelList {

    private LabelList() {
    }

    /** @param option the text the user typed, named {@code key} in error messages */
    static IntPredicate parse(String option, String key) {
        if (option == null || option.isBlank()) {
            return l -> l != 0;
        }
        List<int[]> ranges = new ArrayList<>();
        for (String part : option.split(",")) {
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
                throw new IllegalArgumentException("'" + key + "' must list labels like 2, 5-7 (labels from 1 up), "
                        + "was '" + option + "'");
            }
        }
        return l -> ranges.stream().anyMatch(r -> l >= r[0] && l <= r[1]);
    }
}
