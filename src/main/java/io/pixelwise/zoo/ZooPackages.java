package io.pixelwise.zoo;

import io.pixelwise.model.ModelException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Opens a BioImage Model Zoo package, the {@code .zip} users download or its unpacked folder: finds and parses its
 * description, checks that it has TensorFlow SavedModel weights and that their sha256 matches, and unpacks what it
 * needs into a private temporary folder, never anywhere else (entries that would land outside it, "zip slip", are
 * refused before anything is written). Close the result to delete that folder.
 */
public final class ZooPackages {

    /** Weight format Pixelwise runs. */
    public static final String TENSORFLOW = "tensorflow_saved_model_bundle";

    /** Largest package or weights archive unpacked: what a model plus test tensors reasonably needs. */
    static final long MAX_UNPACKED = 8L << 30;

    /** An opened package: its folder (unpacked), description, and the folder holding {@code saved_model.pb}. */
    public record Opened(Path folder, ModelRdf rdf, Path savedModel, Path temp) implements AutoCloseable {
        /** A file the description names (test tensors, documentation), inside the package. */
        public Path file(String source) {
            Path p = folder.resolve(source).normalize();
            if (!p.startsWith(folder.normalize())) {
                throw new ModelException("Package " + rdf.file() + " names '" + source + "', outside the package");
            }
            return p;
        }

        @Override
        public void close() {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    private ZooPackages() {
    }

    /** True for a {@code .zip} file or a folder with a model description (and no pixelwise.json of its own). */
    public static boolean isPackage(Path path) {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        }
        try {
            return Files.isDirectory(path) && ModelRdf.find(path) != null;
        } catch (IOException e) {
            return false;
        }
    }

    public static Opened open(Path path) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("pixelwise-zoo");
            Path folder = path;
            if (Files.isRegularFile(path)) {
                folder = temp.resolve("package");
                unzip(path, folder);
            }
            Path description = ModelRdf.find(folder);
            if (description == null) {
                throw new ModelException("Model package " + path + " has no rdf.yaml or bioimageio.yaml");
            }
            ModelRdf rdf = ModelRdf.read(description);
            ModelRdf.Weights w = rdf.weights().get(TENSORFLOW);
            if (w == null) {
                throw new ModelException("Model package " + path + " has weights in " + String.join(", ",
                        rdf.weights().keySet()) + "; Pixelwise runs TensorFlow SavedModels (" + TENSORFLOW
                        + "), so this package cannot run here (deepImageJ or the zoo's Python tools may run it)");
            }
            Opened opened = new Opened(folder, rdf, null, temp);
            Path weights = opened.file(w.file().source());
            if (!Files.exists(weights)) {
                throw new ModelException("Model package " + path + ": weights." + TENSORFLOW + ".source '"
                        + w.file().source() + "' is not in the package");
            }
            checkSha256(weights, w.file().sha256(), "weights." + TENSORFLOW, rdf.file());
            Path savedModel = weights;
            if (weights.getFileName().toString().equals("saved_model.pb")) {
                savedModel = weights.getParent();   // a model folder: the SavedModel lies unpacked beside its rdf.yaml
            } else if (Files.isRegularFile(weights)) {
                savedModel = temp.resolve("weights");
                unzip(weights, savedModel);
            }
            savedModel = findSavedModel(savedModel, path);
            return new Opened(folder, rdf, savedModel, temp);
        } catch (IOException e) {
            if (temp != null) {
                deleteTree(temp);
            }
            throw new ModelException("Cannot open the model package " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (temp != null) {
                deleteTree(temp);
            }
            throw e;
        }
    }

    /** The folder holding saved_model.pb: the weights folder itself or its only subfolder. */
    private static Path findSavedModel(Path dir, Path pkg) throws IOException {
        if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            return dir;
        }
        try (var s = Files.walk(dir, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("saved_model.pb")).map(Path::getParent)
                    .findFirst().orElseThrow(() -> new ModelException("Model package " + pkg + ": its "
                            + TENSORFLOW + " weights hold no saved_model.pb"));
        }
    }

    /** Fails when the file's sha256 is not the one the description gives (none given: not checked). */
    public static void checkSha256(Path file, String expected, String field, Path description) throws IOException {
        if (expected == null) {
            return;
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new ModelException("Model description " + description + ": " + field + ".sha256 is " + expected
                    + " but " + file.getFileName() + " has " + actual + " (a damaged or changed file)");
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks {@code zip} into {@code into} (created). Every entry is checked first: a name that is absolute or
     * climbs out with {@code ..} stops the whole archive before a single file is written.
     */
    static void unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        Path root = into.toAbsolutePath().normalize();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            long total = 0;
            for (var e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || entry.getName().startsWith("/") || entry.getName().contains("\\")) {
                    throw new ModelException("Archive " + zip + " has an entry '" + entry.getName() + "' that would "
                            + "be written outside its folder; nothing was unpacked");
                }
                total += Math.max(0, entry.getSize());
            }
            if (total > MAX_UNPACKED) {
                throw new ModelException("Archive " + zip + " unpacks to " + total + " bytes, more than a model "
                        + "package needs; nothing was unpacked");
            }
            long written = 0;
            for (var e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(entry)) {
                    written += Files.copy(in, target);
                }
                if (written > MAX_UNPACKED) {
                    throw new ModelException("Archive " + zip + " unpacks to more than it declares");
                }
            }
        } catch (ZipException e) {
            throw new IOException(zip + " is not a readable zip archive (" + e.getMessage() + ")", e);
        }
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is not worth failing a run for
        }
    }
}
