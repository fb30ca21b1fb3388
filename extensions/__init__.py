"""Rasa-server glue: custom NLU components and stores. Thin; the logic lives in `clinic/`.

Rasa imports this package in the server process (the pipeline components, the
stores and the channels all live here), so this is where the changes to
Rasa's own custom-action calls are switched on: see extensions.action_validation
and extensions.action_payload.
"""

from extensions import action_payload, action_validation

action_payload.install()
action_validation.install()
