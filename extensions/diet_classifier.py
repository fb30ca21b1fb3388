"""Rasa's DIETClassifier, loaded without tracing a training step it never runs.

To load a trained DIET, Rasa builds the model's weights by training it on one
example (`RasaModel.load`: `fit` on one batch) and then overwrites them with
the saved ones. With Rasa's default `run_eagerly: false`, that one `fit`
first compiles the whole training step into a TensorFlow graph: profiled,
about 12 s of every start-up (BENCHMARKS.md), for a graph that is thrown away.
Here that one step runs eagerly (the weights come out the same shape and are
then replaced the same way), and prediction is compiled and warmed up as
before. Training is untouched.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers import diet_classifier
from rasa.utils.tensorflow.constants import RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class QuickLoadingDIET(diet_classifier.DIET):
    """DIET whose `load` builds its weights with one eager step."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        config = kwargs.get("config", {})
        if finetune_mode or config.get(RUN_EAGERLY):
            return super().load(
                model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
        eager = {**kwargs, "config": {**config, RUN_EAGERLY: True}}
        model = super().load(model_file_name, model_data_example, None, False, *args, **eager)
        model.config[RUN_EAGERLY] = False
        model.run_eagerly = False  # predictions run as a compiled graph, as in Rasa
        if predict_data_example:
            model.run_inference(predict_data_example)  # trace it now, not on a patient's turn
        return model


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class QuickLoadingDIETClassifier(diet_classifier.DIETClassifier):
    """DIETClassifier with a faster start-up; see the module docstring."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return QuickLoadingDIET
