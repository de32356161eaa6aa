"""All models, one module per area. Importing this package registers them all."""
from models.base import Base
from models.geography import State, District, PoliceUnit
from models.institutions import Institution
from models.users import User
from models.photos import Photo
from models.children import Child
from models.missing import MissingReport
from models.found import FoundReport
from models.report_changes import ReportChange
from models.police import PoliceReport
from models.orders import CwcOrder, JjbOrder
from models.transfers import Transfer
from models.care import CarePlan, ProgressEntry
from models.audit import AuditLog
from models.access_log import AccessLog
from models.matches import Match, PetName
from models.placements import Placement
from models.citizen import CitizenReport
from models.settings import SiteSetting  # noqa: F401  (training mark)
from models.signin import SigninFailure, SigninLock
from models.submissions import MonthlySubmission
from models import names  # noqa: F401  (registers the name-key listener)
from models import case_dates  # noqa: F401  (registers the case-opening listener)
from models import search  # noqa: F401  (the search index: DDL events)

__all__ = [
    "Base", "State", "District", "PoliceUnit", "Institution", "User", "Photo", "Child",
    "MissingReport", "FoundReport", "PoliceReport", "CwcOrder", "JjbOrder", "Transfer",
    "CarePlan", "ProgressEntry", "AuditLog", "AccessLog", "Match", "PetName", "Placement",
    "CitizenReport", "SigninFailure", "SigninLock", "ReportChange", "MonthlySubmission",
]
