"""Cell readers and writers for django-import-export, with messages a clerk can act on."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets

from reports.models.indicators import _plain

YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a natural key, from one query cached for the whole import."""

    def __init__(self, model, field, *, label, blank_is_none=False):
        super().__init__(model, field)
        self.label = label
        self.blank_is_none = blank_is_none
        self._cache = None

    def _objects(self):
        if self._cache is None:
            self._cache = {str(getattr(obj, self.field)): obj for obj in self.model.objects.all()}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.blank_is_none:
                return None
            raise ValueError(_("%(label)s不能为空。") % {"label": self.label})
        found = self._objects().get(text)
        if found is None:
            raise ValueError(
                _("%(label)s“%(value)s”不存在。") % {"label": self.label, "value": text}
            )
        return found


class ChoiceWidget(widgets.Widget):
    """A choice written either as its Chinese label (or a short form) or as its stored code."""

    def __init__(self, choices, aliases=None, default=None):
        self.choices = choices
        self.lookup = {str(label): value for value, label in choices.choices}
        self.lookup.update({value: value for value in choices.values})
        self.lookup.update(aliases or {})
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text and self.default is not None:
            return self.default
        if text not in self.lookup:
            allowed = "、".join(str(label) for label in self.choices.labels)
            raise ValueError(
                _("“%(value)s”不是可选的值,可选:%(allowed)s。")
                % {"value": text, "allowed": allowed}
            )
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class AmountWidget(widgets.Widget):
    """A non-negative number; thousands separators and full-width digits are accepted."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        normalised = (
            text.replace(",", "")
            .replace(",", "")
            .translate(str.maketrans("0123456789.-", "0123456789.-"))
        )
        try:
            number = Decimal(normalised)
        except InvalidOperation:
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s”不是数字。") % {"value": text})
        if number < 0:
            raise ValueError(_("数值不能为负数(%(value)s)。") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        return _plain(value) if value is not None else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("请填写“是”或“否”。"))

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")
