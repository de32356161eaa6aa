"""Panel screens, registered with menus that make sense to each role.

A menu item shows only to roles that may open it (access/rights.py)."""
from flask_babel import lazy_gettext as _l

from admin_views.access_log import AccessLogView
from admin_views.audit import AuditLogView
from admin_views.cases import CarePlanView, CwcOrderView, JjbOrderView, ProgressEntryView
from admin_views.children import ChildView
from admin_views.exchange import register as register_exchange_views
from admin_views.home import HomeView
from admin_views.matches import MatchReviewView, PetNameView
from admin_views.moderation import CitizenReportView
from admin_views.reference import DistrictView, InstitutionView, PoliceUnitView, StateView
from admin_views.reports import FoundReportView, MissingReportView, PoliceReportView
from admin_views.summary import SummaryView
from admin_views.transfers import TransferView
from admin_views.users import UserView
from models import (AccessLog, AuditLog, CarePlan, Child, CitizenReport, CwcOrder, District, FoundReport,
                    Institution, JjbOrder, MissingReport, PetName, PoliceReport, PoliceUnit,
                    ProgressEntry, State, Transfer, User)

# (view class, model, menu name, menu category, endpoint)
SCREENS = (
    (MissingReportView, MissingReport, _l("Missing children"), _l("Missing and found"), "missing_report"),
    (FoundReportView, FoundReport, _l("Found children"), _l("Missing and found"), "found_report"),
    (PoliceReportView, PoliceReport, _l("Police records"), _l("Missing and found"), "police_report"),
    (CitizenReportView, CitizenReport, _l("Citizens' reports"), _l("Missing and found"), "citizen_report"),
    (ChildView, Child, _l("Children"), _l("Children in care"), "child"),
    (CarePlanView, CarePlan, _l("Individual Care Plans"), _l("Children in care"), "care_plan"),
    (ProgressEntryView, ProgressEntry, _l("Monthly progress"), _l("Children in care"), "progress_entry"),
    (TransferView, Transfer, _l("Transfers"), _l("Children in care"), "transfer"),
    (CwcOrderView, CwcOrder, _l("CWC orders"), _l("Orders"), "cwc_order"),
    (JjbOrderView, JjbOrder, _l("JJB orders"), _l("Orders"), "jjb_order"),
    (InstitutionView, Institution, _l("Institutions"), _l("Administration"), "institution"),
    (PoliceUnitView, PoliceUnit, _l("Police units"), _l("Administration"), "police_unit"),
    (DistrictView, District, _l("Districts"), _l("Administration"), "district"),
    (StateView, State, _l("States"), _l("Administration"), "state"),
    (UserView, User, _l("Accounts"), _l("Administration"), "user"),
    (PetNameView, PetName, _l("Pet names"), _l("Administration"), "pet_name"),
    (AuditLogView, AuditLog, _l("Audit log"), _l("Administration"), "audit_log"),
    (AccessLogView, AccessLog, _l("Access log"), _l("Administration"), "access_log"),
)


def register_views(admin) -> None:
    admin.add_view(MatchReviewView(name=_l("New possible matches"), category=_l("Missing and found"),
                                   endpoint="matches", url="/admin/matches"))
    for view_class, model, name, category, endpoint in SCREENS:
        admin.add_view(view_class(model, name=name, category=category, endpoint=endpoint))
    register_exchange_views(admin)  # import and export of records
    admin.add_view(SummaryView(name=_l("Monthly summary"), category=_l("Reports"),
                               endpoint="summary", url="/admin/summary"))


__all__ = ["HomeView", "register_views", "SCREENS"]
