"""Flask extensions, created once here and bound to the app in create_app()."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# No default limits: ordinary pages and successful sign-ins are never limited.
# Failed sign-ins (auth/views.py) and public submissions carry their own limits;
# counters live in memory, or in Redis when RATELIMIT_STORAGE_URI says so.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
