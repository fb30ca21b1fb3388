from bench.profile import inclusive_shares


def test_a_frame_counts_once_per_sample_even_when_recursing() -> None:
    frames = [
        {"name": "serve", "file": "/x/site-packages/sanic/app.py", "line": 1},
        {"name": "descend", "file": "/x/site-packages/jsonschema/validators.py", "line": 7},
        {"name": "parse", "file": "/x/rasa/processor.py", "line": 3},
    ]
    profile = {
        "shared": {"frames": frames},
        "profiles": [{"samples": [[0, 1, 1, 1], [0, 2], [0, 1], [0, 2]]}],
    }
    shares = dict((name, share) for share, name in inclusive_shares(profile))
    assert shares["serve (sanic/app.py:1)"] == 1.0
    assert shares["descend (jsonschema/validators.py:7)"] == 0.5
    assert shares["parse (/x/rasa/processor.py:3)"] == 0.5


def test_no_samples_no_shares() -> None:
    assert inclusive_shares({"shared": {"frames": []}, "profiles": [{"samples": []}]}) == []
