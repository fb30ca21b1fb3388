# One image per process, built with the same steps as the Makefile:
#   docker build --target rasa -t clinic-rasa .       (Rasa server: REST, Socket.IO,
#                                                      messaging webhooks on 5005)
#   docker build --target actions -t clinic-actions . (action server on 5055)
#   docker build --target web -t clinic-web .         (demo page + chat widget on 8000)
# Conversations go to SQLite inside the container unless DB_DIALECT=postgresql
# and DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD are set (see README).

FROM python:3.10.13-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
WORKDIR /app
RUN useradd --create-home --uid 1001 clinic

# ---- action server: rasa-sdk and the Rasa-free core only ----
FROM base AS actions
COPY requirements-actions.txt requirements.lock ./
RUN pip install -r requirements-actions.txt -c requirements.lock
COPY clinic/ clinic/
COPY actions/ actions/
COPY content/ content/
USER clinic
EXPOSE 5055
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health')"
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]

# ---- Rasa server: dependencies, the spaCy model, then training ----
FROM base AS rasa-build
COPY requirements.txt requirements-actions.txt requirements.lock ./
RUN pip install -r requirements.txt -c requirements.lock
COPY scripts/build_spacy_model.py scripts/install_sentence_encoder.py scripts/
COPY clinic/__init__.py clinic/sentence_encoder.py clinic/
RUN python scripts/build_spacy_model.py && python scripts/install_sentence_encoder.py \
    && rm -rf .cache
COPY config.yml domain.yml endpoints.yml credentials.yml ./
COPY deploy/endpoints.compose.yml deploy/
COPY data/ data/
COPY content/ content/
COPY clinic/ clinic/
COPY extensions/ extensions/
RUN rasa train --fixed-model-name clinic --out models

FROM rasa-build AS rasa
RUN mkdir -p /app/var && chown clinic /app/var
ENV DB_NAME=/app/var/conversations.db
USER clinic
EXPOSE 5005
HEALTHCHECK --start-period=120s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/')"
CMD ["rasa", "run", "--model", "models/clinic.tar.gz", "--endpoints", "endpoints.yml", \
     "--credentials", "credentials.yml", "--interface", "0.0.0.0", "--port", "5005"]

# ---- chat widget: rasa-webchat from the npm registry, hash-checked ----
FROM node:20.18.1-bookworm-slim AS webchat
RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY scripts/fetch_webchat.py scripts/
RUN python3 scripts/fetch_webchat.py

# ---- demo page with the widget (a clinic's own site only needs clinic-chat.js
# and webchat.js from web/) ----
FROM base AS web
COPY requirements.lock ./
RUN pip install "$(grep -i '^pyyaml==' requirements.lock)"
COPY clinic/ clinic/
COPY content/ content/
COPY scripts/__init__.py scripts/serve_demo.py scripts/
COPY web/public/ web/public/
COPY --from=webchat /app/web/vendor/ web/vendor/
USER clinic
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/')"
CMD ["python", "scripts/serve_demo.py", "--host", "0.0.0.0", "--port", "8000"]
