package dev.repbench.runtime.study.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.runtime.eval.InputResolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec is validated completely before anything runs, and each problem names its line, column and field. */
class SpecLoaderTest {
    @TempDir
    Path temp;

    private final FakeCatalog catalog = new FakeCatalog()
            .algorithm("moco-v2", Map.of("batch-size", 256L, "temperature", 0.2))
            .tasks("alpha", "beta", "gamma");

    private Path spec(String text) throws IOException {
        Files.createDirectories(temp.resolve("data"));
        return Files.writeString(temp.resolve("study.yaml"), text);
    }

    private List<SpecProblem> problems(String text) throws IOException {
        Path file = spec(text);
        return assertThrows(SpecException.class, () -> SpecLoader.load(file, catalog)).problems();
    }

    @Test
    void evalEpochsAndInputSizeCanBeSetPerGroupAndTask() throws IOException {
        Path file = spec("""
                name: demo
                data-root: data
                encoders:
                  random: { random-init: { arch: resnet18-small } }
                tasks: [everything]
                eval: { epochs: { everything: 4, beta: 9 }, input-size: 32 }
                """);
        StudySpec.EvalSettings eval = SpecLoader.load(file, catalog).eval();
        assertEquals(4, eval.epochsFor("alpha"));
        assertEquals(9, eval.epochsFor("beta"), "a task named directly wins over its group");
        assertEquals(new InputResolution.Fixed(32, 32), eval.input());
        List<SpecProblem> problems = problems("""
                name: demo
                data-root: data
                encoders:
                  random: { random-init: { arch: resnet18-small } }
                tasks: [alpha]
                eval: { epochs: { nothing: 4, alpha: 0 }, input-size: huge }
                """);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("'nothing' is neither a task nor a group"), problems.toString());
        assertTrue(problems.get(1).toString().contains("1 or more"), problems.toString());
        assertTrue(problems.get(2).toString().contains("'task', 'encoder', N or HxW"), problems.toString());
    }

    @Test
    void aFullSpecResolvesPathsDefaultsAndGroups() throws IOException {
        Files.writeString(temp.resolve("model.onnx"), "not really onnx");
        Files.writeString(temp.resolve("ckpt.pth"), "not really a checkpoint");
        Path file = spec("""
                name: demo
                data-root: data
                device: cpu
                threads: 2
                seeds: [0, 3]
                encoders:
                  random:   { random-init: { arch: resnet18-small, seed: 5 } }
                  external: { onnx: model.onnx }
                  imported: { checkpoint: { file: ckpt.pth, arch: resnet50, layout: moco } }
                  moco:     { pretrain: { algorithm: moco-v2, epochs: 2, set: { batch-size: 64 } } }
                  scenes:   { pretrain: { algorithm: moco-v2, epochs: 1, dataset: fashion-mnist-scenes } }
                tasks: [beta, everything]
                eval: { epochs: 3, metric-mode: virb-compat }
                cka: { encoders: [random, moco], images: 64, size: 32 }
                report: false
                """);
        StudySpec s = SpecLoader.load(file, catalog);
        assertEquals("demo", s.name());
        assertEquals(temp.resolve("runs/demo"), s.output());
        assertEquals(temp.resolve("data"), s.dataRoot());
        assertEquals(temp.resolve("plugins"), s.plugins());
        assertEquals(Device.CPU, s.device());
        assertEquals(2, s.threads());
        assertEquals(List.of(0L, 3L), s.seeds());
        assertEquals(List.of("beta", "alpha", "gamma"), s.tasks(), "named task first, then the group's others, once each");
        assertEquals(new EncoderSource.RandomInit("resnet18-small", 5), s.encoders().get("random"));
        assertEquals(new EncoderSource.OnnxModel(temp.resolve("model.onnx")), s.encoders().get("external"));
        assertEquals(new EncoderSource.Checkpoint(temp.resolve("ckpt.pth"), "resnet50", "moco"), s.encoders().get("imported"));
        EncoderSource.Pretrain moco = assertInstanceOf(EncoderSource.Pretrain.class, s.encoders().get("moco"));
        assertEquals("fashion-mnist", moco.dataset());
        assertEquals("full", moco.variant());
        assertEquals("resnet18-small", moco.architecture());
        assertEquals(Map.of("batch-size", 64L), moco.overrides());
        assertEquals("fashion-mnist-scenes", assertInstanceOf(EncoderSource.Pretrain.class, s.encoders().get("scenes")).dataset(),
                "a named dataset, not a folder beside the spec");
        assertEquals(new StudySpec.EvalSettings(3, Map.of(), "virb-compat", 3e-4, null, InputResolution.TASK), s.eval());
        assertEquals(List.of("random", "moco"), s.cka().encoders());
        assertEquals(64, s.cka().images());
        assertEquals(StudySpec.CkaSettings.DEFAULT_OUTPUTS, s.cka().outputs());
        assertTrue(!s.report());
        assertNull(s.cache());
    }

    @Test
    void thePrecisionIsFp32UnlessTheSpecSetsIt() throws IOException {
        String body = """
                name: demo
                data-root: data
                encoders:
                  random: { random-init: { arch: resnet18-small, seed: 1 } }
                tasks: [alpha]
                """;
        assertEquals(Precision.FP32, SpecLoader.load(spec(body), catalog).precision());
        StudySpec bf16 = SpecLoader.load(spec(body + "precision: bf16\n"), catalog);
        assertEquals(Precision.BF16, bf16.precision());
        assertEquals(Precision.FP32, bf16.withPrecision(Precision.FP32).precision());
        assertEquals(Precision.BF16, bf16.withThreads(1).precision(), "overriding the threads keeps the precision");
        List<SpecProblem> problems = problems(body + "precision: fp16\n");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("precision", problems.getFirst().path());
        assertEquals(6, problems.getFirst().location().line());
        assertEquals("'fp16' is not a precision; use fp32 or bf16", problems.getFirst().message());
    }

    @Test
    void anUnknownFieldIsRefusedAtItsKeyWithTheKnownFieldsListed() throws IOException {
        List<SpecProblem> problems = problems("""
                name: demo
                data-root: data
                encoders:
                  random: { random-init: { arch: resnet18-small, sede: 1 } }
                tasks: [alpha]
                """);
        assertEquals(1, problems.size(), problems.toString());
        SpecProblem p = problems.getFirst();
        assertEquals(new SpecNode.Location(4, 50), p.location());
        assertEquals("encoders.random.random-init.sede", p.path());
        assertEquals("unknown field 'sede' — known fields here: arch, seed", p.message());
        assertEquals(temp.resolve("study.yaml") + ":4:50: encoders.random.random-init.sede: unknown field 'sede'"
                + " — known fields here: arch, seed", p.toString());
    }

    @Test
    void everyProblemIsReportedAtOnceInFileOrder() throws IOException {
        List<SpecProblem> problems = problems("""
                name: demo
                data-root: data
                device: tpu
                threads: 0
                encoders:
                  moco:  { pretrain: { algorithm: moco-v3, epochs: 1 } }
                  tuned: { pretrain: { algorithm: moco-v2, epochs: 1, set: { batch-size: big, momentum: 0.9 } } }
                  ext:   { onnx: missing.onnx }
                  img:   { pretrain: { algorithm: moco-v2, epochs: 1, dataset: images } }
                  tsk:   { pretrain: { algorithm: moco-v2, epochs: 1, dataset: "task:omega" } }
                tasks: [alpha, delta]
                eval: { metric-mode: exact }
                cka: { encoders: [moco, nope] }
                """);
        List<String> lines = problems.stream().map(p -> p.location().line() + ":" + p.path()).toList();
        assertEquals(List.of("3:device", "4:threads", "6:encoders.moco.pretrain.algorithm",
                "7:encoders.tuned.pretrain.set.batch-size", "7:encoders.tuned.pretrain.set.momentum",
                "8:encoders.ext.onnx", "9:encoders.img.pretrain.dataset", "10:encoders.tsk.pretrain.dataset",
                "11:tasks[1]", "12:eval.metric-mode", "13:cka.encoders"), lines);
        assertTrue(problems.get(2).message().startsWith("unknown algorithm 'moco-v3' — known: moco-v2"),
                problems.get(2).message());
        assertTrue(problems.get(3).message().contains("config 'batch-size' must be"), problems.get(3).message());
        assertTrue(problems.get(4).message().contains("unknown config name 'momentum'"), problems.get(4).message());
        assertTrue(problems.get(5).message().startsWith(temp.resolve("missing.onnx") + " does not exist"));
        assertTrue(problems.get(6).message().startsWith(temp.resolve("images") + " is not a folder — the dataset is"
                        + " fashion-mnist, fashion-mnist-scenes, task:NAME or a folder"),
                problems.get(6).message());
        assertEquals("unknown task 'omega' — known: alpha, beta, gamma", problems.get(7).message());
        assertEquals("unknown task or group 'delta' — groups: everything; tasks: alpha, beta, gamma",
                problems.get(8).message());
        assertEquals("'nope' is not one of the encoders (moco, tuned, ext, img, tsk)", problems.get(10).message());
    }

    @Test
    void missingRequiredFieldsAndWrongTypesAreNamed() throws IOException {
        List<SpecProblem> problems = problems("""
                data-root: data
                seeds: [0, -1, 0]
                encoders:
                  a: { random-init: { seed: 1 } }
                  b: { onnx: x.onnx, pretrain: { algorithm: moco-v2, epochs: 1 } }
                  c: 7
                  d: { pretrain: { algorithm: moco-v2, epochs: null } }
                report: sometimes
                """);
        List<String> messages = problems.stream().map(p -> p.path() + ": " + p.message()).toList();
        assertEquals(List.of(
                ": missing field 'name' — name the study, e.g. name: quickstart",
                ": missing field 'tasks' — name tasks or groups, e.g. tasks: [battery]",
                "seeds[1]: a seed is a whole number of 0 or more, got the number -1",
                "seeds[2]: seed 0 is listed twice",
                "encoders.a.random-init: missing field 'arch' — one of resnet18, resnet18-small, resnet50",
                "encoders.b: needs exactly one source (random-init, onnx, checkpoint, pretrain), got onnx and pretrain",
                "encoders.c: must be a map with fields random-init, onnx, checkpoint, pretrain, got the number 7",
                "encoders.d.pretrain.epochs: must be a whole number of 1 or more, got null",
                "report: must be true or false, got text 'sometimes'"), messages);
    }

    @Test
    void badYamlIsReportedWithItsPosition() throws IOException {
        Path file = spec("name: demo\nencoders: [a, b\ntasks: x\n");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file, catalog));
        SpecProblem p = e.problems().getFirst();
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
        assertTrue(p.location().line() >= 2, p.toString());
    }

    @Test
    void aRepeatedKeyIsAProblem() throws IOException {
        List<SpecProblem> problems = problems("""
                name: demo
                data-root: data
                name: other
                encoders: { a: { random-init: { arch: resnet18 } } }
                tasks: alpha
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(new SpecNode.Location(3, 1), problems.getFirst().location());
        assertEquals("given twice (first at line 1, column 1) — keep one", problems.getFirst().message());
    }

    @Test
    void aMissingDataRootAndPluginsFolderAreReported() throws IOException {
        List<SpecProblem> problems = problems("""
                name: demo
                data-root: nowhere
                plugins: jars
                encoders: { a: { random-init: { arch: resnet18 } } }
                tasks: alpha
                """);
        assertEquals(List.of("data-root", "plugins"), problems.stream().map(SpecProblem::path).toList());
        assertTrue(problems.get(0).message().startsWith(temp.resolve("nowhere") + " is not a folder"));
        assertTrue(problems.get(1).message().startsWith(temp.resolve("jars") + " is not a folder"));
    }
}
