"""Rasa-free core of the clinic assistant: content loading, answers, booking links.

Nothing in this package imports rasa or rasa_sdk, so it is tested without a
tracker and shared by the action server (`actions/`) and the Rasa server
(`extensions/`).
"""
