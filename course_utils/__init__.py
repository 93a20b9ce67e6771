"""course_utils: the tested code behind the course *Learning from Imbalanced Data*.

Chapters import from the subpackages:

- :mod:`course_utils.config`: device, seeds, profiles and per-chapter sizes;
- :mod:`course_utils.data`: offline-safe loaders for the course's data sets;
- :mod:`course_utils.theory`: closed-form results of Chapter 1;
- :mod:`course_utils.evaluation`: leakage-free evaluation of pipelines;
- :mod:`course_utils.plotting`: the course's figures;
- :mod:`course_utils.tabular`: preprocessing and samplers for tabular data;
- :mod:`course_utils.exercises`: checkers for the chapters' exercises;
- :mod:`course_utils.glue`: numbers from executed cells into the prose.
"""

__version__ = "0.1.0"
