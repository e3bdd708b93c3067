package dev.repbench.runtime.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rule of the architecture that Maven's module graph cannot express (native exports its bindings' package with the
 * rest of its jar), checked on the compiled classes of every RepBench module on this module's class path (runtime,
 * tasks, api, native, the kit and the built-in plugins): the raw FFM bindings ({@code dev.repbench.torch.ffi}) are
 * used by the torch layer alone, which checks every status and owns the native memory.
 */
class LayeringTest {
    private static final String FFI = "dev/repbench/torch/ffi/";
    private static final String TORCH_LAYER = "dev/repbench/torch/";

    /** Every RepBench class on the class path (main code: test classes are in the same folders only as ours). */
    private static void forEachClass(BiConsumer<String, ClassModel> action) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.toString().contains("test-classes") || path.getFileName().toString().endsWith("-tests.jar")) {
                continue;
            }
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                            String name = path.relativize(f).toString().replace(File.separatorChar, '/');
                            if (name.startsWith("dev/repbench/")) {
                                action.accept(name, ClassFile.of().parse(Files.readAllBytes(f)));
                            }
                        }
                    }
                } else if (path.toString().endsWith(".jar") && Files.isRegularFile(path)) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        for (var e : jar.stream().filter(e -> e.getName().startsWith("dev/repbench/")
                                && e.getName().endsWith(".class")).toList()) {
                            try (var in = jar.getInputStream(e)) {
                                action.accept(e.getName(), ClassFile.of().parse(in.readAllBytes()));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }

    private static List<String> referencesTo(ClassModel model, String prefix) {
        List<String> found = new ArrayList<>();
        for (var entry : model.constantPool()) {
            if (entry instanceof ClassEntry c && c.asInternalName().startsWith(prefix)) {
                found.add(c.asInternalName());
            }
        }
        return found;
    }

    @Test
    void theRawBindingsAreUsedByTheTorchLayerAlone() {
        TreeSet<String> offenders = new TreeSet<>();
        int[] torchLayerUsers = {0};
        forEachClass((name, model) -> {
            List<String> ffi = referencesTo(model, FFI);
            if (!ffi.isEmpty() && !name.startsWith(FFI)) {
                if (name.startsWith(TORCH_LAYER)) {
                    torchLayerUsers[0]++;
                } else {
                    offenders.add(name + " -> " + ffi.getFirst());
                }
            }
        });
        assertTrue(torchLayerUsers[0] > 0, "the scan must see the torch layer's own use of the bindings; is native on the class path?");
        assertEquals(new TreeSet<String>(), offenders, "dev.repbench.torch.ffi is internal to native's torch layer: call"
                + " dev.repbench.torch (or dev.repbench.torch.bench) instead");
    }
}
