package io.pixelwise.cli;

import io.pixelwise.ij.ImageFiles;
import io.pixelwise.io.CsvTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files and folders the user may not read or write are named as such ("permission denied"), not as a wrong format or
 * a bare path. Root reads anything, so as root the checks run in a child JVM dropped to user nobody (setpriv), with
 * the classes and the ImageJ and picocli jars copied where nobody can read them.
 */
class PermissionDeniedTest {

    @TempDir
    Path dir;

    /** What each check says; run by the child JVM as user nobody. */
    public static void main(String[] args) {
        Path image = Path.of(args[0]);
        Path table = Path.of(args[1]);
        Path out = Path.of(args[2]);
        for (Probe p : List.<Probe>of(() -> ImageFiles.open(image), () -> CsvTables.read(table),
                () -> Segment.outputFolder(out))) {
            try {
                p.run();
                System.out.println("no error");
            } catch (Exception e) {
                System.out.println(e.getMessage());
            }
        }
    }

    interface Probe {
        void run() throws Exception;
    }

    @Test
    void unreadableFilesAndUnwritableFoldersSayPermissionDenied() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path image = Files.writeString(dir.resolve("locked.tif"), "II*\0");
        Path table = Files.writeString(dir.resolve("locked.csv"), "file,pixel_size_mm\na.png,0.1\n");
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        for (Path p : List.of(image, table)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        }
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path out = readOnly.resolve("results");
        String said;
        if (!"root".equals(System.getProperty("user.name"))) {
            var buffer = new java.io.ByteArrayOutputStream();
            var before = System.out;
            System.setOut(new java.io.PrintStream(buffer, true));
            try {
                main(new String[] {image.toString(), table.toString(), out.toString()});
            } finally {
                System.setOut(before);
            }
            said = buffer.toString();
        } else {
            assumeTrue(new File("/usr/bin/setpriv").canExecute(), "setpriv is needed to test as another user");
            said = asNobody(image, table, out);
        }
        assertTrue(said.contains(image + ": permission denied"), said);
        assertTrue(said.contains("CSV table " + table + ": permission denied"), said);
        assertTrue(said.contains("--out " + out + ": permission denied"), said);
    }

    /** The checks in a JVM run as user nobody, on a class path nobody can read. */
    private String asNobody(Path image, Path table, Path out) throws IOException, InterruptedException {
        Path libs = Files.createDirectories(dir.resolve("classpath"));
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            if (Files.isDirectory(p) && (name.equals("classes") || name.equals("test-classes"))) {
                Path copy = libs.resolve(name);
                try (var files = Files.walk(p)) {
                    for (Path f : files.toList()) {
                        Path target = copy.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else if (f.toString().endsWith(".class")) {
                            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                cp.add(copy.toString());
            } else if (name.startsWith("ij-") || name.startsWith("picocli-") || name.startsWith("commons-")
                    || name.startsWith("imglib2-")) {
                cp.add(Files.copy(p, libs.resolve(name)).toString());
            }
        }
        try (var files = Files.walk(libs)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                "-Djava.awt.headless=true", "-cp", String.join(File.pathSeparator, cp),
                PermissionDeniedTest.class.getName(), image.toString(), table.toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        return output;
    }
}
