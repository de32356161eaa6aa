"""Form fields the generated forms lack."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_admin.form.widgets import DateTimePickerWidget
from wtforms import DateTimeField

INDIA = ZoneInfo("Asia/Kolkata")


class IndiaDateTimeField(DateTimeField):
    """Users read and type times in India time; the database keeps UTC."""

    widget = DateTimePickerWidget()

    def __init__(self, label=None, validators=None, format="%Y-%m-%d %H:%M", **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
                         **kwargs)

    def process_data(self, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(INDIA).replace(tzinfo=None)
        super().process_data(value)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, datetime) and self.data.tzinfo is None:
            self.data = self.data.replace(tzinfo=INDIA)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            shown = self.data.astimezone(INDIA) if self.data.tzinfo else self.data
            return shown.strftime("%Y-%m-%d %H:%M")
        return ""
