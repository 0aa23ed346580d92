package io.pixelwise.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training configurations the repository records (each shipped model's and each experiment BENCHMARKS.md cites)
 * still read and pass the checks Train applies, so "one command each" keeps reproducing them.
 */
class RecordedConfigsTest {

    @Test
    void everyRecordedTrainingConfigurationReadsAndChecks() throws IOException {
        List<Path> files;
        try (Stream<Path> models = Files.list(Path.of("models"));
             Stream<Path> experiments = Files.list(Path.of("docs", "experiments"))) {
            files = Stream.concat(models.map(m -> m.resolve(TrainingConfig.FILE_NAME)).filter(Files::isRegularFile),
                    experiments.filter(f -> f.toString().endsWith(".json"))).sorted().toList();
        }
        assertTrue(files.size() >= 8, "models and experiments found: " + files);
        for (Path f : files) {
            TrainingConfig c = TrainingConfig.read(f);
            assertTrue(c.name != null && !c.name.isBlank(), f + " names its model");
        }
    }
}
