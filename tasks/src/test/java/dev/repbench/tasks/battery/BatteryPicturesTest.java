package dev.repbench.tasks.battery;

import dev.repbench.tasks.data.idx.FashionMnist;
import dev.repbench.tasks.data.idx.TinyFashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatteryPicturesTest {
    @TempDir
    Path temp;

    @Test
    void writesOnePngPerTaskWithAPanelPerFrameAndOneForADenseTarget() throws IOException {
        System.setProperty("java.awt.headless", "true");
        FashionMnist data = FashionMnist.read(TinyFashionMnist.write(temp.resolve("data"), 50, 20, true));
        List<Path> written = BatteryPictures.writeAll(data, temp.resolve("pictures"));
        assertEquals(Battery.TASK_NAMES.stream().map(n -> temp.resolve("pictures").resolve(n + ".png")).toList(), written);
        for (BatteryTask task : Battery.tasks()) {
            BufferedImage picture = ImageIO.read(temp.resolve("pictures").resolve(task.name() + ".png").toFile());
            int panels = task.framesPerSample() + (task.category().isPixelwise() ? 1 : 0);
            assertEquals(Math.max(400, panels * 196 - 4), picture.getWidth(), task.name());
            assertTrue(picture.getHeight() > 192);
        }
    }

    @Test
    void writesTheFirstPretrainingScenesSideBySide() throws IOException {
        System.setProperty("java.awt.headless", "true");
        FashionMnist data = FashionMnist.read(TinyFashionMnist.write(temp.resolve("data"), 20, 5, false));
        Path file = BatteryPictures.writeScenes(data, temp.resolve("pictures"));
        assertEquals(temp.resolve("pictures").resolve("fashion-mnist-scenes.png"), file);
        BufferedImage picture = ImageIO.read(file.toFile());
        assertEquals(BatteryPictures.SCENES_SHOWN * 196 - 4, picture.getWidth());
        assertTrue(picture.getHeight() > 192);
    }
}
