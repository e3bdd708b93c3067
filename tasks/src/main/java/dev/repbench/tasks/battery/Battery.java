package dev.repbench.tasks.battery;

import dev.repbench.api.EndTask;

import java.util.List;

/**
 * The embedded task battery: nine end tasks built from Fashion-MNIST with no download, covering the study's
 * four categories and its five heads, small enough that one ResNet-18 is evaluated on all of them in about ten
 * minutes on two CPU cores.
 *
 * <p>Membership is defined twice, consistently: by {@link #TASK_NAMES} here, and by each task's
 * {@link BatteryTask#group()}, which returns {@link #GROUP}; every name also starts with {@code fmnist-}.
 * The tasks are registered in {@code META-INF/services/dev.repbench.api.EndTask} like any plugin's.
 */
public final class Battery {
    /** The group name a run spec or {@code --tasks battery} selects the whole battery by. */
    public static final String GROUP = "battery";

    /**
     * Version of the drawing code the tasks share ({@link Canvas}, {@link Colours}, the random stream); part of
     * every battery manifest, raised when a change alters any sample.
     */
    public static final int RENDERER_VERSION = 1;

    /** The battery's task names, image-level first. */
    public static final List<String> TASK_NAMES = List.of(GarmentClassification.NAME, GarmentCount.NAME,
            GarmentRotation.NAME, SceneMotion.NAME, PersistentGarment.NAME, GarmentSegmentation.NAME,
            WalkableFloor.NAME, GarmentDepth.NAME, GarmentFlow.NAME);

    private Battery() {
    }

    /** @return a new instance of every battery task, in {@link #TASK_NAMES} order */
    public static List<BatteryTask> tasks() {
        return List.of(new GarmentClassification(), new GarmentCount(), new GarmentRotation(), new SceneMotion(),
                new PersistentGarment(), new GarmentSegmentation(), new WalkableFloor(), new GarmentDepth(),
                new GarmentFlow());
    }

    /**
     * @param task any end task
     * @return whether it belongs to the battery group
     */
    public static boolean isMember(EndTask task) {
        return task instanceof BatteryTask battery && GROUP.equals(battery.group());
    }
}
