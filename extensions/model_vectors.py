"""Sentence vectors a trained component keeps in the model (the gate's, the safety layer's)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

FILE = "vectors.npz"


def save_vectors(storage: ModelStorage, resource: Resource, **arrays: npt.NDArray[Any]) -> None:
    """Write named matrices into the component's part of the model."""
    with storage.write_to(resource) as directory:
        np.savez(directory / FILE, **arrays)  # type: ignore[arg-type]


def load_vectors(storage: ModelStorage, resource: Resource) -> dict[str, npt.NDArray[Any]]:
    """The matrices `save_vectors` wrote, by name."""
    with storage.read_from(resource) as directory, np.load(directory / FILE) as saved:
        return {name: saved[name] for name in saved.files}
