package dev.repbench.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.tasks.battery.GarmentClassification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputResolutionTest {
    private static final LoadedEncoder TRAINED_AT_32 = new LoadedEncoder(Path.of("encoder.onnx"), null,
            new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, "resnet18-small", EncoderDescriptor.Preprocessing.imagenet(32, 32),
                    Map.of(), new EncoderDescriptor.Provenance("random-init", null, null, 0, 0L, null, null, null, null, null)),
            List.of());

    @Test
    void parsesTheThreeFormsAndRefusesOthersNamingThem() {
        assertSame(InputResolution.TASK, InputResolution.parse("task"));
        assertSame(InputResolution.ENCODER, InputResolution.parse(" Encoder "));
        assertEquals(new InputResolution.Fixed(224, 224), InputResolution.parse("224"));
        assertEquals(new InputResolution.Fixed(32, 48), InputResolution.parse("32x48"));
        for (String bad : new String[] {"", "0", "x32", "32x", "big"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputResolution.parse(bad));
            assertTrue(e.getMessage().contains("'task', 'encoder', N or HxW"), e.getMessage());
        }
        for (InputResolution r : List.of(InputResolution.TASK, InputResolution.ENCODER, new InputResolution.Fixed(7, 9))) {
            assertEquals(r, InputResolution.parse(r.id()));
        }
    }

    @Test
    void theTaskSizeReplacesTheEncodersAndTheOthersKeepOrFixIt() {
        GarmentClassification task = new GarmentClassification();   // 64 x 64
        assertEquals(List.of(64, 64), InputResolution.TASK.applyTo(TRAINED_AT_32, task).descriptor().preprocessing().inputSize());
        assertSame(TRAINED_AT_32, InputResolution.ENCODER.applyTo(TRAINED_AT_32, task));
        LoadedEncoder fixed = new InputResolution.Fixed(40, 48).applyTo(TRAINED_AT_32, task);
        assertEquals(List.of(40, 48), fixed.descriptor().preprocessing().inputSize());
        assertEquals(TRAINED_AT_32.descriptor().preprocessing().mean(), fixed.descriptor().preprocessing().mean());
        assertEquals(TRAINED_AT_32.onnxFile(), fixed.onnxFile());
    }

    @Test
    void theInputSizeIsPartOfTheProtocolHash() {
        ProtocolConfig task = ProtocolConfig.study(10);
        assertEquals(InputResolution.TASK, task.input());
        assertNotEquals(task.hash(), task.withInput(InputResolution.ENCODER).hash());
        assertNotEquals(task.withInput(new InputResolution.Fixed(32, 32)).hash(), task.withInput(new InputResolution.Fixed(32, 33)).hash());
    }
}
