package dev.repbench.plugins.swav;

import dev.repbench.plugins.kit.augment.Augmentations;
import dev.repbench.plugins.kit.train.ViewSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * SwAV's multi-crop views for a run at a given image side. The paper takes 2 crops of 224² (scale 0.14–1) and
 * 6 of 96² (scale 0.05–0.14) from ImageNet images; here the large crops take the loop's image side and the small
 * ones the paper's ratio of it ({@link SwavSettings#localCropSide}), so 32² images give 2 × 32² and 6 × 14².
 */
final class MultiCropViews {
    private MultiCropViews() {
    }

    /** @return the large crops' spec, then the small crops' (left out when there are none) */
    static List<ViewSpec> of(SwavSettings settings, int imageSide) {
        List<ViewSpec> views = new ArrayList<>(2);
        views.add(new ViewSpec("global", Augmentations.swav(imageSide, settings.globalCropMinScale(),
                settings.globalCropMaxScale()), settings.globalCrops()));
        if (settings.localCrops() > 0) {
            int localSide = settings.localCropSide(imageSide);
            views.add(new ViewSpec("local", Augmentations.swav(localSide, settings.localCropMinScale(),
                    settings.localCropMaxScale()), settings.localCrops()));
        }
        return List.copyOf(views);
    }
}
