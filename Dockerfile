# Netiquette: one image for the web (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_MEDIA_ROOT=/data/media \
    PYTHONPATH=/app

WORKDIR /app
RUN useradd --create-home --uid 1000 netiquette \
    && mkdir -p /data/media \
    && chown netiquette:netiquette /data/media

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p netiquette connections messaging \
    && touch netiquette/__init__.py connections/__init__.py messaging/__init__.py \
    && pip install . \
    && pip uninstall -y netiquette

COPY --chown=netiquette:netiquette . .
# Static files are collected at build time with the production storage (hashed, compressed).
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput --verbosity 0

USER netiquette
EXPOSE 8000
# Workers, threads, keep-alive and an access log without query strings: netiquette/gunicorn.py.
CMD ["gunicorn", "-c", "python:netiquette.gunicorn", "netiquette.wsgi:application"]
