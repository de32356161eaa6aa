"""Who may do what, and where: roles (roles.py) and jurisdiction scopes (scope.py)."""
