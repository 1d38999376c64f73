"""gunicorn settings of an app server: `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

Each value can be set from the environment (deploy/rolportal.env.example lists them).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are CPU-bound Python (rendering) or answered from the cache in well under
# a millisecond; nginx buffers slow clients, so a worker is never held by one. 2 per core + 1.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer is stuck (the slowest, an import, stays far below).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (a slow leak stays bounded); the jitter keeps them from all
# restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
# portal/wsgi.py warms each process up (search dictionary, a first PDF rendering, gc.freeze)
# as it is imported; loading the app in each worker keeps that per process and lets a
# restarted worker warm itself.
preload_app = False
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only nginx on this host talks to gunicorn; trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Headers beyond this are refused before Django sees them.
limit_request_line = 4094
limit_request_fields = 100
