"""Forms and validators shared by the panel, the auth pages and imports."""
