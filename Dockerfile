# One image per process, built with the same steps as the Makefile:
#   docker build --target rasa -t clinic-rasa .       (Rasa server, REST on 5005)
#   docker build --target actions -t clinic-actions . (action server on 5055)
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
COPY scripts/build_spacy_model.py scripts/
RUN python scripts/build_spacy_model.py && rm -rf .cache
COPY config.yml domain.yml endpoints.yml credentials.yml ./
COPY data/ data/
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
