"""Cell readers and writers for django-import-export, with messages a clerk can act on."""

import difflib

from django.utils.translation import gettext as _
from import_export import widgets

from .numbers import normalise_text, plain_number

YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a natural key (or a registered alias such as a department's
    简称), from one query cached for the whole import; an unknown one gets the closest name."""

    def __init__(self, model, field, *, label, blank_is_none=False, alias=None):
        super().__init__(model, field)
        self.label = label
        self.blank_is_none = blank_is_none
        self.alias = alias
        self._cache = None

    def _objects(self) -> dict:
        if self._cache is None:
            objects = list(self.model.objects.all())
            cache = {}
            if self.alias:
                aliases: dict[str, list] = {}
                for obj in objects:
                    if name := normalise_text(getattr(obj, self.alias) or ""):
                        aliases.setdefault(name, []).append(obj)
                cache.update({name: found[0] for name, found in aliases.items() if len(found) == 1})
            cache.update({normalise_text(getattr(obj, self.field)): obj for obj in objects})
            self._cache = cache
        return self._cache

    def find(self, value):
        """The object a cell names, or None."""
        return self._objects().get(normalise_text(value))

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.blank_is_none:
                return None
            raise ValueError(_("%(label)s不能为空。") % {"label": self.label})
        found = self.find(text)
        if found is None:
            raise ValueError(self.not_found(text))
        return found

    def not_found(self, text: str) -> str:
        names = [str(getattr(obj, self.field)) for obj in set(self._objects().values())]
        key = normalise_text(text)
        containing = [name for name in names if key and key in normalise_text(name)]
        close = (
            containing if len(containing) == 1 else difflib.get_close_matches(text, names, 1, 0.5)
        )
        message = _("%(label)s“%(value)s”不存在") % {"label": self.label, "value": text}
        if close:
            return message + _(",是否为“%(name)s”?") % {"name": close[0]}
        return message + _("。")


class ChoiceWidget(widgets.Widget):
    """A choice written as its Chinese label (or a short form) or as its stored code."""

    def __init__(self, choices, aliases=None, default=None):
        self.choices = choices
        lookup = {str(label): value for value, label in choices.choices}
        lookup.update({value: value for value in choices.values})
        lookup.update(aliases or {})
        # Labels such as 余(多于) are matched whichever width of brackets the clerk typed.
        self.lookup = {normalise_text(key): value for key, value in lookup.items()}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = normalise_text(value)
        if not text and self.default is not None:
            return self.default
        if text not in self.lookup:
            allowed = "、".join(normalise_text(label) for label in self.choices.labels)
            raise ValueError(
                _("“%(value)s”不是可选的值,请填写:%(allowed)s。")
                % {"value": str(value).strip(), "allowed": allowed}
            )
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class AmountWidget(widgets.Widget):
    """Written as plain digits; read by the resource, which knows the indicator's unit."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return plain_number(value)


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalise_text(value).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(_("“%(value)s”:请填写“是”或“否”。") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("是") if value else _("否")
