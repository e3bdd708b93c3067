package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.Target;
import dev.repbench.tasks.data.idx.FashionMnist;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one sample per battery task as a PNG for the README: the frames side by side, then the target in false
 * colours (segmentation classes, walkable floor, depth from near yellow to far blue, flow as hue = direction and
 * saturation = speed), with a caption naming the target; white marks pixels without ground truth.
 *
 * <p>Run from the repository root after {@code mvn -pl tasks test-compile}:
 * {@code java -cp "tasks/target/test-classes:tasks/target/classes:api/target/classes" dev.repbench.tasks.battery.BatteryPictures docs/battery}
 * (reads Fashion-MNIST from Debian's location unless a second argument names a data root).
 */
public final class BatteryPictures {
    private static final int ZOOM = 3;
    private static final int GAP = 4;
    private static final int CAPTION = 22;
    private static final int MIN_WIDTH = 400; // room for the caption under a single frame

    private BatteryPictures() {
    }

    /**
     * @param args output folder, optionally a data root (default: Debian's {@value FashionMnist#DEBIAN_FOLDER})
     * @throws IOException if a PNG cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/battery");
        Path dataRoot = Path.of(args.length > 1 ? args[1] : FashionMnist.DEBIAN_FOLDER);
        FashionMnist data = FashionMnist.shared(FashionMnist.locate(dataRoot));
        for (Path written : writeAll(data, out)) {
            System.out.println(written);
        }
        System.out.println(writeScenes(data, out));
    }

    /** How many pretraining scenes {@link #writeScenes} shows. */
    static final int SCENES_SHOWN = 6;

    /**
     * Writes {@code fashion-mnist-scenes.png}: the first {@value #SCENES_SHOWN} of the pretraining scenes
     * ({@link GarmentScenes}), captioned with their classes.
     *
     * @return the file written
     */
    static Path writeScenes(FashionMnist data, Path folder) throws IOException {
        Files.createDirectories(folder);
        GarmentScenes scenes = new GarmentScenes(data);
        int cell = GarmentScenes.SIDE * ZOOM;
        BufferedImage picture = new BufferedImage(SCENES_SHOWN * (cell + GAP) - GAP, cell + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < SCENES_SHOWN; i++) {
            Image scene = scenes.scene(i);
            g.drawImage(zoom(scene.height(), scene.width(), (y, x) -> rgb(scene.get(0, y, x), scene.get(1, y, x), scene.get(2, y, x))),
                    i * (cell + GAP), 0, null);
            classes.add(FashionMnist.CLASS_NAMES.get(scenes.label(i)));
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(GarmentScenes.NAME + " (pretraining images 0-" + (SCENES_SHOWN - 1) + "): " + String.join(", ", classes),
                4, cell + CAPTION - 6);
        g.dispose();
        Path file = folder.resolve(GarmentScenes.NAME + ".png");
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }

    /**
     * Writes {@code <task>.png} for every battery task.
     *
     * @return the files written
     */
    static List<Path> writeAll(FashionMnist data, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (BatteryTask task : Battery.tasks()) {
            Sample sample = task.open(data).split(Split.TEST).get(0);
            Path file = folder.resolve(task.name() + ".png");
            ImageIO.write(render(task, sample), "png", file.toFile());
            written.add(file);
        }
        return written;
    }

    static BufferedImage render(BatteryTask task, Sample sample) {
        int cell = BatteryTask.SIDE * ZOOM;
        Target target = sample.target();
        boolean dense = !(target instanceof ClassLabel);
        int panels = sample.frameCount() + (dense ? 1 : 0);
        BufferedImage picture = new BufferedImage(Math.max(MIN_WIDTH, panels * (cell + GAP) - GAP), cell + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
        for (int k = 0; k < sample.frameCount(); k++) {
            Image frame = sample.frames().get(k);
            g.drawImage(zoom(frame.height(), frame.width(), (y, x) -> rgb(frame.get(0, y, x), frame.get(1, y, x), frame.get(2, y, x))),
                    k * (cell + GAP), 0, null);
        }
        if (dense) {
            g.drawImage(zoom(BatteryTask.SIDE, BatteryTask.SIDE, falseColour(task, target)), sample.frameCount() * (cell + GAP), 0, null);
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(task.name() + ": " + caption(task, target), 4, cell + CAPTION - 6);
        g.dispose();
        return picture;
    }

    private interface PixelColour {
        int at(int y, int x);
    }

    private static BufferedImage zoom(int height, int width, PixelColour colour) {
        BufferedImage image = new BufferedImage(width * ZOOM, height * ZOOM, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * ZOOM; y++) {
            for (int x = 0; x < width * ZOOM; x++) {
                image.setRGB(x, y, colour.at(y / ZOOM, x / ZOOM));
            }
        }
        return image;
    }

    private static String caption(BatteryTask task, Target target) {
        return switch (target) {
            case ClassLabel(int c) -> switch (task.name()) {
                case GarmentCount.NAME -> (c + 1) + " garment" + (c == 0 ? "" : "s") + " (class " + c + ")";
                case GarmentRotation.NAME -> (90 * c) + "° counter-clockwise (class " + c + ")";
                case SceneMotion.NAME -> SceneMotion.ACTIONS.get(c) + " (class " + c + ")";
                default -> FashionMnist.CLASS_NAMES.get(c) + " (class " + c + ")";
            };
            case LabelMap m when task.name().equals(WalkableFloor.NAME) -> "target: walkable (floor, clothes on it) in green";
            case LabelMap m -> "target: garment class per pixel, background black";
            case ScalarMap m -> "target: depth, near yellow to far blue";
            case FlowMap m -> "target: flow, hue = direction, saturation = speed";
            default -> target.toString();
        };
    }

    private static PixelColour falseColour(BatteryTask task, Target target) {
        int white = rgb(1, 1, 1);
        return switch (target) {
            case LabelMap m when task.name().equals(WalkableFloor.NAME) -> (y, x) -> !m.isValid(y, x) ? white
                    : m.get(y, x) == WalkableFloor.WALKABLE ? rgb(0.2f, 0.75f, 0.25f) : rgb(0.45f, 0.1f, 0.1f);
            case LabelMap m -> (y, x) -> {
                if (!m.isValid(y, x)) {
                    return white;
                }
                int label = m.get(y, x);
                if (label == 0) {
                    return rgb(0, 0, 0);
                }
                float[] c = Colours.hsv((label - 1) / 10f, 0.85f, 0.95f);
                return rgb(c[0], c[1], c[2]);
            };
            case ScalarMap m -> (y, x) -> {
                if (!m.isValid(y, x)) {
                    return white;
                }
                float t = (m.get(y, x) - GarmentDepth.NEAREST) / (GarmentDepth.BACKGROUND_DEPTH - GarmentDepth.NEAREST);
                return rgb(1 - t, 0.9f * (1 - t) + 0.1f * t, 0.15f + 0.5f * t);
            };
            case FlowMap m -> (y, x) -> {
                if (!m.isValid(y, x)) {
                    return white;
                }
                float u = m.u(y, x);
                float v = m.v(y, x);
                float speed = (float) Math.min(1, Math.hypot(u, v) / (GarmentFlow.MAX_SHIFT * Math.sqrt(2)));
                float hue = (float) ((Math.atan2(-v, u) / (2 * Math.PI) + 1) % 1);
                float[] c = Colours.hsv(hue, speed, speed == 0 ? 0.25f : 1f);
                return rgb(c[0], c[1], c[2]);
            };
            default -> (y, x) -> white;
        };
    }

    private static int rgb(float r, float g, float b) {
        return (Math.round(r * 255) << 16) | (Math.round(g * 255) << 8) | Math.round(b * 255);
    }
}
