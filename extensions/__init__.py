"""Rasa-server glue: custom NLU components and stores. Thin; the logic lives in `clinic/`.

Rasa imports this package in the server process (the pipeline components, the
stores and the channels all live here), so this is where the one change to
Rasa's own behaviour is switched on: see extensions.action_validation.
"""

from extensions import action_validation

action_validation.install()
