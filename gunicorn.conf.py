"""gunicorn settings for Bal Setu (README "Running in production").

    gunicorn --config gunicorn.conf.py      # started from this folder, plain `gunicorn` reads it too

The environment may change: GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS
(2 per core), GUNICORN_THREADS (4 per worker), GUNICORN_TIMEOUT (60 s); options
on the command line win over this file.

Each worker builds its matching index (matches/registry.py) as soon as it has
loaded the app and *before* it accepts a connection (post_worker_init runs
before the worker's accept loop), so a worker's first search never waits for a
build: while a restarted worker builds, the others answer. During the build a
heartbeat thread tells the arbiter the worker is alive (a build of a national
register may take longer than GUNICORN_TIMEOUT). At a cold start of the whole
server, connections wait in the listening socket until the first worker is
ready. Workers do not share the index; each catches up from the database before
every search.

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


HEARTBEAT_SECONDS = 5


def post_worker_init(worker):
    """Build the matching index before this worker accepts its first request."""
    building = threading.Event()

    def heartbeat():
        while not building.wait(HEARTBEAT_SECONDS):
            worker.notify()

    beat = threading.Thread(target=heartbeat, name="matching-build-heartbeat", daemon=True)
    beat.start()
    try:
        _warm_matching_index(worker)
    finally:
        building.set()
        beat.join()
