"""`next` and return URLs stay within the site."""
from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """A relative path on this site, or None. Absolute, scheme-relative and
    backslash tricks (`//evil`, `/\\evil`, `https://evil`) are refused."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if any(ord(c) < 32 for c in target):
        return None
    return target
