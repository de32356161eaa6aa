"""The public page (no sign-in): search of listed children, citizens' reports and
their status. Who may appear is decided in public/rules.py."""
from public.views import bp

__all__ = ["bp"]
