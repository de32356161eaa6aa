"""Sign-in, sign-out, first-sign-in password change and the language choice."""
from auth.views import bp

__all__ = ["bp"]
