"""Behind nginx without PROXY_COUNT, every request seems to come from nginx's own
address: one person's typos would then lock sign-in for the whole office (the
per-address locks of auth/signin_locks.py). The first request that arrives with
X-Forwarded-For while PROXY_COUNT is unset is logged as a warning, once per
worker; nothing is trusted from the header."""
import threading

from flask import Flask, request

WARNING = ("A request arrived with an X-Forwarded-For header, but PROXY_COUNT is not set: "
           "every client looks like the proxy's address %s, so sign-in locks and public "
           "submission limits would be shared by everyone behind it. Set PROXY_COUNT=1 (the "
           "number of proxies in front of the app) so that the client's own address is read.")


def warn_unread_forwarded_for(app: Flask) -> None:
    if app.config.get("PROXY_COUNT"):
        return
    warned = threading.Event()

    @app.before_request
    def _forwarded_for_unread():
        if not warned.is_set() and "X-Forwarded-For" in request.headers:
            warned.set()
            app.logger.warning(WARNING, request.remote_addr)
