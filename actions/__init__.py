"""Custom actions for the clinic assistant (rasa-sdk action server)."""
