package io.pixelwise.command;

import io.pixelwise.options.NumberRanges;

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
        List<int[]> ranges = NumberRanges.parse(option, key, "label");
        return l -> ranges.stream().anyMatch(r -> l >= r[0] && l <= r[1]);
    }
}
