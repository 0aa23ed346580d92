package io.pixelwise.model;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds a second TensorFlow for Java on the class path. Some Fiji installations ship the TensorFlow 1.15 jars of
 * the CSBDeep stack (libtensorflow, in the same {@code org.tensorflow} package); whichever copy of a class loads
 * first wins, and ours then fails with errors that name neither jar. Checked before any TensorFlow class is touched,
 * so the user gets a message saying which jar to remove. Deliberately free of TensorFlow imports.
 */
public final class TensorFlowJars {

    /** Every TensorFlow Java build has this class; two copies of it mean two TensorFlows. */
    private static final String PROBE = "org/tensorflow/Session.class";

    private TensorFlowJars() {
    }

    /** Where the class loader finds TensorFlow's Session class: one place when all is well. */
    public static List<String> locations(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        try {
            for (URL u : Collections.list(loader.getResources(PROBE))) {
                String s = u.toString();
                int bang = s.indexOf("!/");
                found.add(s.startsWith("jar:") && bang > 0 ? s.substring(4, bang) : s);
            }
        } catch (IOException e) {
            throw new ModelException("Could not look for TensorFlow on the class path: " + e.getMessage(), e);
        }
        return found.stream().distinct().toList();
    }

    /** Throws a {@link ModelException} naming the jars when more than one TensorFlow is on the class path. */
    public static void requireSingle(ClassLoader loader) {
        List<String> where = locations(loader);
        if (where.size() > 1) {
            throw new ModelException("Two TensorFlow for Java libraries are on the class path, and they clash: "
                    + String.join(", ", where) + ". Pixelwise needs TensorFlow Java 1.1.0 (tensorflow-core-api-1.1.0.jar);"
                    + " remove the other one (in Fiji usually jars/libtensorflow-1.15.0.jar, which the CSBDeep update "
                    + "site installs) or install Pixelwise in a separate Fiji.");
        }
    }
}
