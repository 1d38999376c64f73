from .changes import ChangeNote
from .departments import Department
from .indicators import IndicatorCategory, IndicatorDefinition, IndicatorValue, Qualifier
from .report import AnnualReport, ReportStatus
from .sections import NumberStyle, Section

__all__ = [
    "AnnualReport",
    "ChangeNote",
    "Department",
    "IndicatorCategory",
    "IndicatorDefinition",
    "IndicatorValue",
    "NumberStyle",
    "Qualifier",
    "ReportStatus",
    "Section",
]
