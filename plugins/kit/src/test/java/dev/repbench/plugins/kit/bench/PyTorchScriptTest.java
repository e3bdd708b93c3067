package dev.repbench.plugins.kit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PyTorchScriptTest {
    /** Debian's interpreter, which has python3-torch and python3-torchvision (a python3 first on a PATH may not). */
    private static final String PYTHON = System.getProperty("repbench.python", "/usr/bin/python3");

    @Test
    void aScriptImportsTheSharedResNetsAndTheFolderGoesOnClose() throws Exception {
        Path folder;
        String output;
        try (PyTorchScript script = PyTorchScript.extract(PyTorchScriptTest.class, "count_resnet_parameters.py")) {
            folder = script.file().getParent();
            assertTrue(Files.isRegularFile(folder.resolve("torchvision_resnet.py")));
            Process process = new ProcessBuilder(PYTHON, script.file().toString()).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), output);
        }
        assertFalse(Files.exists(folder), "the folder is deleted, __pycache__ and all");
        JsonNode counts = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        // torchvision's published sizes (1000 classes): ResNet-18 11,689,512, ResNet-50 25,557,032; the small-image
        // ResNet-18 swaps the 7×7×3×64 stem (9,408 weights) for a 3×3×3×64 one (1,728)
        for (String suffix : new String[] {"", " without torchvision"}) {
            assertEquals(11_689_512L, counts.get("resnet18" + suffix).asLong(), "resnet18" + suffix);
            assertEquals(25_557_032L, counts.get("resnet50" + suffix).asLong(), "resnet50" + suffix);
            assertEquals(11_689_512L - 9_408 + 1_728, counts.get("resnet18-small" + suffix).asLong(), "resnet18-small" + suffix);
        }
    }

    @Test
    void aMissingScriptIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PyTorchScript.extract(PyTorchScriptTest.class, "no_such_script.py"));
        assertTrue(e.getMessage().contains("no_such_script.py"), e.getMessage());
    }
}
