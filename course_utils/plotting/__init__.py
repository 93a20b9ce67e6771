"""The course's figures. Each function draws on an Axes (a new one if none is given) and returns it.

Nothing here calls ``plt.show()``: the notebook (or the test) decides what to do
with the figure.

One module per chapter family, every figure re-exported here:

- :mod:`.theory`: Chapter 1 (priors and overlap);
- :mod:`.tabular`: Chapters 2-4 (fraud data, generated rows, GANs);
- :mod:`.decisions`: Chapter 2b (reliability on log axes, gain and cost curves);
- :mod:`.images`: Chapters 5-7 (long-tailed, augmented and generated images);
- :mod:`.text`: Chapter 8 (text augmentation);
- :mod:`._style`: what several families share (class colours, new Axes).
"""

from course_utils.plotting.theory import (
    plot_posteriors,
    plot_bayes_error,
    plot_decision_boundaries_2d,
    plot_reliability,
    plot_overlap_sweep,
    plot_training_priors,
)
from course_utils.plotting.decisions import plot_cost_curves, plot_gain_curve, plot_reliability_log
from course_utils.plotting.tabular import (
    plot_class_distributions,
    plot_pr_curves,
    plot_confusion_matrices,
    plot_metric_bars,
    plot_point_clouds,
    plot_generated_grid,
    plot_curves,
)
from course_utils.plotting.images import (
    plot_class_counts,
    plot_per_class_accuracy,
    plot_image_rows,
    plot_image_grid,
)
from course_utils.plotting.text import plot_method_scores

__all__ = [
    # theory: Chapter 1
    "plot_posteriors",
    "plot_bayes_error",
    "plot_decision_boundaries_2d",
    "plot_reliability",
    "plot_overlap_sweep",
    "plot_training_priors",
    # decisions: Chapter 2b
    "plot_cost_curves",
    "plot_gain_curve",
    "plot_reliability_log",
    # tabular: Chapters 2-4
    "plot_class_distributions",
    "plot_pr_curves",
    "plot_confusion_matrices",
    "plot_metric_bars",
    "plot_point_clouds",
    "plot_generated_grid",
    "plot_curves",
    # images: Chapters 5-7
    "plot_class_counts",
    "plot_per_class_accuracy",
    "plot_image_rows",
    "plot_image_grid",
    # text: Chapter 8
    "plot_method_scores",
]
