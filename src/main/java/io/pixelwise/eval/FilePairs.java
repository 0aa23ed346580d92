package io.pixelwise.eval;

import io.pixelwise.io.FileNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pairs predicted label images with ground truths by the image they belong to: {@code X.tif} in a Batch output's
 * {@code instances/} (or {@code classes/}) folder, or {@code X-instances.tif}, with {@code X.png}, {@code X_mask.png},
 * {@code X_gt.tif}, ... Tables, ROI sets and (in a Segment Image or Batch output
 * folder) review PNGs and plots are not taken for label images.
 */
public final class FilePairs {

    /** A prediction and its ground truth, named after their image. */
    public record Pair(String name, Path prediction, Path truth) {
    }

    /** Base-name endings that separate a prediction or ground-truth file from the image it belongs to. */
    static final List<String> SUFFIXES = List.of("-instances", "-classes", "-labels", "_mask", "_masks", "_label",
            "_labels", "_seg", "_gt", "_pred", "_prediction");

    private FilePairs() {
    }

    /**
     * The folder of label images in a Segment or Batch output folder ({@code OUT/instances} or {@code OUT/classes},
     * as {@code preferred} asks, see {@code OutputLayout}); any other folder as it is.
     */
    static Path labelFolder(Path folder, String preferred) {
        Path sub = folder.resolve(preferred.substring(1));
        return Files.isDirectory(sub) ? sub : folder;
    }

    /** The image a prediction or ground-truth file belongs to: its stem without one known suffix. */
    public static String base(String fileName) {
        String stem = FileNames.stem(fileName);
        for (String s : SUFFIXES) {
            if (stem.endsWith(s) && stem.length() > s.length()) {
                return stem.substring(0, stem.length() - s.length());
            }
        }
        return stem;
    }

    /**
     * The pairs of two folders, in the truth folder's order; where a folder holds both {@code X-instances} and
     * {@code X-classes}, the one ending in {@code preferred}. A file without a counterpart goes to
     * {@code problems} as "file: why".
     */
    public static List<Pair> pair(Path predictions, Path truths, String preferred, Map<String, String> problems)
            throws IOException {
        predictions = labelFolder(predictions, preferred);
        Map<String, Path> pred = byBase(predictions, preferred);
        Map<String, Path> truth = byBase(truths, preferred);
        List<Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, Path> t : truth.entrySet()) {
            Path p = pred.get(t.getKey());
            if (p == null) {
                problems.put(t.getValue().getFileName().toString(), "no prediction named like it in " + predictions);
            } else {
                pairs.add(new Pair(t.getKey(), p, t.getValue()));
            }
        }
        for (Map.Entry<String, Path> p : pred.entrySet()) {
            if (!truth.containsKey(p.getKey())) {
                problems.put(p.getValue().getFileName().toString(), "no ground truth named like it in " + truths);
            }
        }
        return pairs;
    }

    /** Files by base name; where two share one (Segment Image writes X-classes and X-instances), the preferred. */
    private static Map<String, Path> byBase(Path folder, String preferred) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Folder not found: " + folder.toAbsolutePath());
        }
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
                    .sorted().toList()) {
                String base = base(f.getFileName().toString());
                Path before = out.get(base);
                if (before == null || FileNames.stem(f.getFileName().toString()).equals(base + preferred)) {
                    out.put(base, f);
                } else if (!FileNames.stem(before.getFileName().toString()).equals(base + preferred)) {
                    throw new IOException("Two files in " + folder + " belong to the same image: "
                            + before.getFileName() + " and " + f.getFileName());
                }
            }
        }
        // A Segment Image or Batch output folder also holds review PNGs and plots; its label images are X-instances
        // and X-classes, so nothing else there is taken for one.
        boolean segmentImageOutput = out.values().stream().map(f -> FileNames.stem(f.getFileName().toString()))
                .anyMatch(s -> s.endsWith("-instances") || s.endsWith("-classes"));
        if (segmentImageOutput) {
            out.values().removeIf(f -> {
                String s = FileNames.stem(f.getFileName().toString());
                return !s.endsWith("-instances") && !s.endsWith("-classes");
            });
        }
        if (out.isEmpty()) {
            throw new IOException("No label images in " + folder.toAbsolutePath());
        }
        return out;
    }
}
