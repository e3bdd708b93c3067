package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.data.IdxTestFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench tasks check} on a data root holding two of the study's datasets. */
class TasksCommandTest {
    @TempDir
    Path root;

    private static void image(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "jpg", file.toFile());
    }

    @Test
    void reportsReadyTasksWithSizesAndMissingOnesWithTheExpectedLayout() throws IOException {
        Path dtd = root.resolve("dtd");
        image(dtd.resolve("images/banded/banded_1.jpg"));
        image(dtd.resolve("images/banded/banded_2.jpg"));
        Files.createDirectories(dtd.resolve("labels"));
        Files.write(dtd.resolve("labels/train1.txt"), List.of("banded/banded_1.jpg"));
        Files.write(dtd.resolve("labels/val1.txt"), List.of());
        Files.write(dtd.resolve("labels/test1.txt"), List.of("banded/banded_2.jpg"));
        for (String split : List.of("train", "val")) {
            image(root.resolve("thor_num_steps/" + split + "/s/f_rgb.jpg"));
            Files.write(root.resolve("thor_num_steps/" + split + "_labels.txt"), List.of(split + "/s/f 3"));
        }
        CommandRun r = run("tasks", "check", "--data-root", root.toString(), "--tasks", "study");
        assertEquals(0, r.exitCode(), r.err());
        String dtdLine = r.out().lines().filter(l -> l.startsWith("dtd-cls")).findFirst().orElseThrow();
        assertTrue(dtdLine.matches("dtd-cls\\s+ready\\s+1\\s+1\\s*"), dtdLine);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("thor-num-steps") && l.contains("ready")), r.out());
        String kitti = r.out().lines().filter(l -> l.startsWith("kitti-flow")).findFirst().orElseThrow();
        assertTrue(kitti.contains("missing") && kitti.contains("kitti-2015") && kitti.contains("flow_occ"), kitti);
        assertTrue(r.out().contains("2 of 21 tasks ready"), r.out());
    }

    /**
     * The battery's tasks read {@code DATA_ROOT/fashion-mnist/}; a data root without it is not made up for by Debian's
     * copy (which this machine may have): a user who named their own copy must not be scored on another.
     */
    @Test
    void batteryTasksOnADataRootWithoutFashionMnistAreMissingNamingTheLayout() throws IOException {
        image(root.resolve("dtd/images/banded/banded_1.jpg")); // other data, not the battery's
        CommandRun r = run("tasks", "check", "--data-root", root.toString(), "--tasks", "battery");
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("fmnist-")).toList();
        assertTrue(rows.size() >= 2, r.out());
        for (String row : rows) {
            assertTrue(row.matches("fmnist-\\S+\\s+missing\\s+-\\s+-\\s+.*"), row);
            assertTrue(row.contains("the data root has no fashion-mnist/ folder") && row.contains(root.toString())
                    && row.contains("expected a data root with fashion-mnist/ holding train-images-idx3-ubyte"), row);
        }
        assertTrue(r.out().contains("0 of " + rows.size() + " tasks ready"), r.out());

        // the same root with the layout in place: every one ready
        IdxTestFiles.fashionMnist(root.resolve("fashion-mnist"), 40, 40);
        CommandRun again = run("tasks", "check", "--data-root", root.toString(), "--tasks", "battery");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains(rows.size() + " of " + rows.size() + " tasks ready"), again.out());
    }

    @Test
    void aDataRootThatIsNotAFolderIsAUsageError() {
        CommandRun r = run("tasks", "check", "--data-root", root.resolve("nope").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is not a folder"), r.err());
    }
}
