"""Rasa-server glue: custom NLU components and stores. Thin; the logic lives in `clinic/`."""
