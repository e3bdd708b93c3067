package dev.repbench.runtime.study.spec;

import dev.repbench.runtime.io.RepositoryRoot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Precision;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.tasks.battery.Battery;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's quickstart spec validates: its tasks against the real registry (the battery is on the class
 * path), its algorithms against stand-ins of the names the pretraining plugins register.
 */
class QuickstartSpecTest {
    private static final Path QUICKSTART = RepositoryRoot.resolve("specs/quickstart.yaml");
    private static final Path MINIATURE_STUDY = RepositoryRoot.resolve("specs/miniature-study.yaml");
    private static final List<String> ALGORITHMS = List.of("supervised", "moco-v2", "swav");
    /** The self-supervised algorithms the miniature study crosses with its two datasets. */
    private static final List<String> SELF_SUPERVISED = List.of("moco-v2", "swav", "simclr", "pirl");
    /** The control: random-init as a pretraining (batch-norm statistics only). */
    private static final String CONTROL = "random-init-bn";

    @TempDir
    Path emptyPlugins;

    /** The registry's tasks, and the pretraining algorithms by name only (they are not built in this module). */
    private record TasksFromRegistry(RegistryCatalog registry) implements Catalog {
        @Override
        public List<String> algorithms() {
            return Stream.of("supervised", "moco-v2", "swav", "simclr", "pirl", "random-init").toList();
        }

        @Override
        public Optional<AlgorithmConfig> defaultConfig(String algorithm) {
            return Optional.empty();
        }

        @Override
        public List<String> tasks() {
            return registry.tasks();
        }

        @Override
        public Optional<List<String>> resolveTasks(String nameOrGroup) {
            return registry.resolveTasks(nameOrGroup);
        }

        @Override
        public List<String> groups() {
            return registry.groups();
        }
    }

    @Test
    void theQuickstartValidatesAndExpands() {
        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), emptyPlugins)) {
            StudySpec spec = SpecLoader.load(QUICKSTART, new TasksFromRegistry(new RegistryCatalog(registry)));
            assertEquals("quickstart", spec.name());
            assertEquals(Precision.BF16, spec.precision(), "the README's quickstart figures are bf16's");
            assertEquals(List.of(CONTROL, "supervised", "moco-v2", "swav"), List.copyOf(spec.encoders().keySet()));
            EncoderSource.Pretrain control = assertInstanceOf(EncoderSource.Pretrain.class, spec.encoders().get(CONTROL));
            assertEquals("random-init", control.algorithm());
            assertEquals(0L, control.seed(), "the seed the README's random-init figures were made with");
            for (String name : ALGORITHMS) {
                EncoderSource.Pretrain p = assertInstanceOf(EncoderSource.Pretrain.class, spec.encoders().get(name));
                assertEquals(name, p.algorithm());
                assertEquals("fashion-mnist", p.dataset());
                assertEquals("resnet18-small", p.architecture());
            }
            assertEquals(registry.tasks().stream().filter(t -> Battery.isMember(t.provider())).map(t -> t.name()).toList(),
                    spec.tasks());
            assertTrue(spec.tasks().size() >= 2, spec.tasks().toString());
            CellPlan plan = CellPlan.of(spec);
            List<String> ids = plan.cells().stream().map(Cell::id).toList();
            assertEquals(List.of("pretrain/" + CONTROL, "pretrain/supervised", "pretrain/moco-v2", "pretrain/swav"),
                    ids.subList(0, 4));
            assertEquals(4 + 4 * spec.tasks().size() + 10 + 1, ids.size(), "encoders, evaluations, 4+6 CKA, report");
            assertEquals("report", ids.getLast());
        }
    }

    /**
     * The miniature study's design, which its documented figures depend on: the control, and supervised and four
     * self-supervised algorithms each on plain Fashion-MNIST and on its scenes, the self-supervised ones on the same
     * number of images, so the ANOVA's algorithm and dataset are crossed, not confounded.
     */
    @Test
    void theMiniatureStudyCrossesItsAlgorithmsWithTwoDatasets() {
        try (PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader(), emptyPlugins)) {
            StudySpec spec = SpecLoader.load(MINIATURE_STUDY, new TasksFromRegistry(new RegistryCatalog(registry)));
            assertEquals(11, spec.encoders().size(), spec.encoders().keySet().toString());
            EncoderSource.Pretrain control = assertInstanceOf(EncoderSource.Pretrain.class, spec.encoders().get("control"));
            assertEquals("random-init", control.algorithm());
            for (String algorithm : Stream.concat(Stream.of("supervised"), SELF_SUPERVISED.stream()).toList()) {
                EncoderSource.Pretrain plain = assertInstanceOf(EncoderSource.Pretrain.class, spec.encoders().get(algorithm));
                EncoderSource.Pretrain scenes = assertInstanceOf(EncoderSource.Pretrain.class,
                        spec.encoders().get(algorithm + "-scenes"));
                assertEquals(List.of(algorithm, algorithm), List.of(plain.algorithm(), scenes.algorithm()));
                assertEquals(List.of("fashion-mnist", "fashion-mnist-scenes"), List.of(plain.dataset(), scenes.dataset()));
                assertEquals(plain.variant(), scenes.variant(), algorithm + ": the datasets differ, not the amount");
                assertEquals(plain.epochs(), scenes.epochs(), algorithm);
                assertEquals("resnet18-small", plain.architecture());
            }
            // the same images for every trained encoder: a dataset variant of an algorithm's own would be a dataset
            // level of one algorithm, the ANOVA's design rank deficient (it was, with PIRL on 2,560 images), and the
            // supervised encoders no baseline of the same data for the comparisons (they had 6,400 images)
            for (String algorithm : Stream.concat(Stream.of("supervised"), SELF_SUPERVISED.stream()).toList()) {
                assertEquals("subsample:7680", ((EncoderSource.Pretrain) spec.encoders().get(algorithm)).variant(), algorithm);
            }
            assertEquals(Precision.BF16, spec.precision());
            assertEquals(spec.tasks(), SpecLoader.load(QUICKSTART, new TasksFromRegistry(new RegistryCatalog(registry)))
                    .tasks(), "the quickstart's battery");
        }
    }
}
