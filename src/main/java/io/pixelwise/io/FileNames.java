package io.pixelwise.io;

import java.util.Locale;

/** File names as Pixelwise names its outputs after its inputs. */
public final class FileNames {

    private FileNames() {
    }

    /** A file name or image title without its extension; {@code .nii.gz} counts as one extension. */
    public static String stem(String name) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".nii.gz")) {
            return name.substring(0, name.length() - 7);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
