"""gunicorn settings for Bal Setu (README "Running in production").

    gunicorn --config gunicorn.conf.py      # started from this folder, plain `gunicorn` reads it too

The environment may change: GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS
(2 per core), GUNICORN_THREADS (4 per worker), GUNICORN_TIMEOUT (60 s); options
on the command line win over this file.

Each worker warms its matching index (matches/registry.py) as soon as it has
loaded the app, in a background thread: the worker answers other pages at once,
and the first match search waits for that build (the registry's lock) instead
of starting one of its own. Workers do not share the index; each catches up
from the database before every search.

Before the workers start, settings unsafe with several of them are refused
(serving/checks.py); sessions and sign-in locks live in the database, shared by
every worker and machine."""
import os
import threading
import time

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
# Threads: a request waiting on the database lets another run; the GIL limits CPU
# work to one core per worker, so workers, not threads, use the cores.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# No preload: every worker opens its own database connections after the fork.
preload_app = False
accesslog = None  # nginx (README) keeps the access log
# No runtime control socket (gunicornc): manage the server with signals or systemd;
# one less door, and two servers on one machine do not fight over its path.
control_socket_disable = True


def _warm_matching_index(worker):
    started = time.perf_counter()
    app = worker.wsgi
    try:
        from extensions import db
        from matches.registry import current_index
        with app.app_context():
            try:
                current_index()
            finally:
                db.session.remove()
    except Exception:  # the database may be down at start: the first search builds it
        worker.log.exception("worker %s: matching index not warmed", worker.pid)
        return
    worker.log.info("worker %s: matching index warm in %.0f ms", worker.pid,
                    (time.perf_counter() - started) * 1000)


def on_starting(server):
    """Refuse settings that are unsafe with this many workers (serving/checks.py),
    before any worker starts."""
    from config import Config
    from serving.checks import refuse_unsafe_serving
    config = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    for warning in refuse_unsafe_serving(config, server.cfg.workers):
        server.log.warning(warning)


def post_worker_init(worker):
    threading.Thread(target=_warm_matching_index, args=(worker,), name="warm-matching-index",
                     daemon=True).start()
