"""Operations on a running install: `flask --app app backup` and `restore`."""
from maintenance.backup import backup, restore

__all__ = ["backup", "restore", "register"]


def register(app) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(restore)
