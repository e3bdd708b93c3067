package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.spec.FakeCatalog;
import dev.repbench.runtime.study.spec.SpecLoader;
import dev.repbench.runtime.study.spec.StudySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Spec files of fake studies: random-init encoders, tasks t0…, seeds, CKA between all encoders, a report. */
public final class FakeStudies {
    private FakeStudies() {
    }

    /** @return a catalog knowing tasks t0 … t{n-1} and the algorithm {@code fake-ssl} */
    public static FakeCatalog catalog(int tasks) {
        return new FakeCatalog().algorithm("fake-ssl").tasks(IntStream.range(0, tasks).mapToObj(i -> "t" + i)
                .toArray(String[]::new));
    }

    /**
     * Writes {@code folder/study.yaml} (and an empty {@code folder/data}).
     *
     * @return the spec file
     */
    public static Path write(Path folder, int encoders, int tasks, int seeds) throws IOException {
        Files.createDirectories(folder.resolve("data"));
        List<String> lines = new ArrayList<>(List.of("name: fake", "output: out", "data-root: data", "threads: 1"));
        lines.add("seeds: [" + String.join(", ", IntStream.range(0, seeds).mapToObj(Integer::toString).toList()) + "]");
        lines.add("encoders:");
        for (int e = 0; e < encoders; e++) {
            lines.add(e == 0 ? "  e0: { pretrain: { algorithm: fake-ssl, epochs: 1 } }"
                    : "  e" + e + ": { random-init: { arch: resnet18-small, seed: " + e + " } }");
        }
        lines.add("tasks: [" + FakeCatalog.GROUP + "]");
        lines.add("cka: { images: 8, batch: 4 }");
        lines.add("report: true");
        return Files.writeString(folder.resolve("study.yaml"), String.join("\n", lines) + "\n");
    }

    /** @return the spec loaded against {@link #catalog(int)} */
    public static StudySpec load(Path spec, int tasks) {
        return SpecLoader.load(spec, catalog(tasks));
    }
}
