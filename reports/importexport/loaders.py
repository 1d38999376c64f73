"""Finding the stored rows an import updates, with one query for the whole file."""

from django.core.exceptions import ValidationError
from import_export.instance_loaders import BaseInstanceLoader

from reports.models import IndicatorValue

from . import columns

COMPARED_VALUE_FIELDS = ("department_id", "value", "value_max", "qualifier", "source_text")


def value_snapshot(value: IndicatorValue) -> tuple:
    return tuple(getattr(value, name) for name in COMPARED_VALUE_FIELDS)


class ValueLoader(BaseInstanceLoader):
    """Finds existing figures by (年度, 指标代码, 部门) from one query for the whole file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.resource = resource
        self._index = None

    def get_instance(self, row):
        resource = self.resource
        try:
            report = resource.fields["report"].clean(row)
            definition = resource.fields["definition"].clean(row)
            department = resource.fields["department"].clean(row)
        except (ValueError, ValidationError):
            return None  # reported with its column when the row is imported
        if self._index is None:
            years = {str(r.get(columns.YEAR) or "").strip() for r in self.dataset.dict}
            values = IndicatorValue.objects.filter(
                report__year__in=[y for y in years if y.isdigit()]
            )
            self._index = {(v.report_id, v.definition_id, v.department_id): v for v in values}
        found = self._index.get((report.pk, definition.pk, department.pk if department else None))
        if found is not None:
            found._loaded_values = value_snapshot(found)
        return found
