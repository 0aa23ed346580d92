package io.pixelwise.model;

import io.pixelwise.zoo.ModelRdf;
import io.pixelwise.zoo.ZooDescriptors;
import io.pixelwise.zoo.ZooPackages;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a model folder from what a user typed: a folder path, or the name of a bundled model looked up in the
 * model directories (the {@code pixelwise.models} system property, the caller's extra folders such as Fiji's
 * {@code models/}, the {@code models/} of the installation these classes were loaded from, then {@code ./models}).
 */
public final class Models {

    public static final String DEFAULT = "nuclei-fluo";
    public static final String DIR_PROPERTY = "pixelwise.models";

    private Models() {
    }

    public static Path resolve(String nameOrFolder, List<Path> extraDirs) {
        String spec = nameOrFolder == null || nameOrFolder.isBlank() ? DEFAULT : nameOrFolder.trim();
        Path direct = Path.of(spec);
        if (Files.isDirectory(direct) || ZooPackages.isPackage(direct)) {
            return direct;
        }
        List<Path> searched = searchDirs(extraDirs);
        for (Path dir : searched) {
            for (Path candidate : List.of(dir.resolve(spec), dir.resolve(spec + ".zip"))) {
                if (Files.isDirectory(candidate) || ZooPackages.isPackage(candidate)) {
                    return candidate;
                }
            }
        }
        throw new ModelException("No model '" + spec + "': it is neither a folder, a model package (.zip) nor a "
                + "model name found in "
                + searched.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + " (models there: " + available(extraDirs) + ")");
    }

    /**
     * The descriptor of a model folder or zoo package: a folder's {@code pixelwise.json} (older folders), else its
     * BioImage Model Zoo description ({@code config.pixelwise}, or read off the description for other tools' models).
     */
    public static ModelDescriptor descriptor(Path model) {
        Path json = model.resolve(ModelDescriptor.FILE_NAME);
        if (Files.isDirectory(model) && Files.isRegularFile(json)) {
            return ModelDescriptors.read(json);
        }
        if (Files.isDirectory(model)) {
            Path rdf;
            try {
                rdf = ModelRdf.find(model);
            } catch (java.io.IOException e) {
                throw new ModelException("Cannot list the model folder " + model + ": " + e.getMessage(), e);
            }
            if (rdf == null) {
                throw new ModelException("Model folder " + model.toAbsolutePath() + " has no rdf.yaml (nor an older "
                        + ModelDescriptor.FILE_NAME + ")");
            }
            return ZooDescriptors.of(ModelRdf.read(rdf));
        }
        try (ZooPackages.Opened p = ZooPackages.open(model)) {
            return ZooDescriptors.of(p.rdf());
        }
    }

    /** True for a folder holding a Pixelwise model: a SavedModel with its description beside it. */
    public static boolean isModelFolder(Path folder) {
        try {
            return Files.isRegularFile(folder.resolve("saved_model.pb"))
                    && (Files.isRegularFile(folder.resolve(ModelDescriptor.FILE_NAME)) || ModelRdf.find(folder) != null);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Names of the models found in the model directories, each once, sorted. */
    public static List<String> available(List<Path> extraDirs) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Path dir : searchDirs(extraDirs)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var s = Files.list(dir)) {
                s.filter(p -> isModelFolder(p) || ZooPackages.isPackage(p))
                        .forEach(p -> names.add(p.getFileName().toString()));
            } catch (java.io.IOException e) {
                // an unreadable folder offers no models; resolve() names the folders it searched
            }
        }
        return List.copyOf(names);
    }

    /** The folders searched for a model name, in order, each once. */
    static List<Path> searchDirs(List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty(DIR_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            dirs.add(Path.of(prop));
        }
        dirs.addAll(extraDirs);
        Path installation = installationModels(Models.class);
        if (installation != null) {
            dirs.add(installation);
        }
        dirs.add(Path.of("models"));
        Set<Path> seen = new HashSet<>();
        dirs.removeIf(d -> !seen.add(d.toAbsolutePath().normalize()));
        return dirs;
    }

    /**
     * The {@code models/} folder beside the folder that holds {@code c}'s jar: {@code Fiji.app/models} for a jar in
     * {@code Fiji.app/plugins/} or {@code jars/}, so the command line finds the installed models from any working
     * directory (ImageJ's own directory is the working directory there); the repository's {@code models/} for a
     * build ({@code target/classes}). Null where the classes' location is unknown.
     */
    static Path installationModels(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path holder = Path.of(source.getLocation().toURI()).getParent();
            return holder == null || holder.getParent() == null ? null : holder.getParent().resolve("models");
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException | SecurityException e) {
            return null;   // not a file on this machine (a nested or remote class path): no installation to search
        }
    }
}
