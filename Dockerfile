# Production image of the portal: gunicorn for the web, the same image for Celery.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint's libraries and fonts with every Vietnamese letter (the logbook's
# ReportLab reads Liberation Serif from fonts-liberation2).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core fonts-liberation2 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exactly the locked versions, each checked against its hashes (make lock).
COPY requirements-runtime.lock .
RUN pip install --require-hashes --no-deps -r requirements-runtime.lock

COPY . .
# collectstatic only needs a syntactically valid key; the real one comes at run time.
RUN DEBUG=False SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnop \
    python manage.py collectstatic --noinput \
    && useradd --system --home /app egov \
    && mkdir -p /app/var/media && chown -R egov /app/var

USER egov
EXPOSE 8000
# egov/wsgi.py refuses to start without SECRET_KEY (and DEBUG is off by default).
CMD ["gunicorn", "egov.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
