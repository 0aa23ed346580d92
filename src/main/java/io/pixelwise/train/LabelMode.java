package io.pixelwise.train;

import java.util.List;
import java.util.Locale;

/**
 * What the values of a label image mean, and so which classes a model learns from it.
 * <ul>
 *   <li>{@code classes}: each value is a class index (0 = background); values beyond the class list are errors.</li>
 *   <li>{@code binary}: 0 is background, any other value the one object class (masks saved as 0/255).</li>
 *   <li>{@code instances}: each value is one object (0 = background); the model learns each object pixel's distance
 *       to its edge in {@code distance_levels} levels (by default), or with 0 levels object interior and a
 *       one-pixel object boundary, so touching objects come apart into instances.</li>
 * </ul>
 */
public enum LabelMode {
    CLASSES, BINARY, INSTANCES;

    public static LabelMode parse(String s) {
        for (LabelMode m : values()) {
            if (m.key().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("label mode must be one of classes, binary, instances; was '" + s + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Class names when the user gives none: instances and binary masks have fixed classes. */
    public List<String> defaultClasses(String objectName) {
        return switch (this) {
            case INSTANCES -> List.of("background", objectName, "boundary");
            case BINARY -> List.of("background", objectName);
            case CLASSES -> throw new IllegalArgumentException(
                    "label mode 'classes' needs the class names, background first");
        };
    }
}
