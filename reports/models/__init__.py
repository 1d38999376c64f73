from .changes import ChangeNote
from .checks import ConsistencyRule, parse_rule_expression
from .collection import ExpectedFigure
from .departments import Department
from .indicators import IndicatorCategory, IndicatorDefinition, IndicatorValue, Qualifier
from .report import PUBLIC_STATUSES, AnnualReport, ReportStatus
from .sections import DutyItem, NumberStyle, Section, document_order
from .workflow import WorkflowAction, WorkflowEvent

__all__ = [
    "PUBLIC_STATUSES",
    "document_order",
    "AnnualReport",
    "ChangeNote",
    "ConsistencyRule",
    "DutyItem",
    "ExpectedFigure",
    "Department",
    "IndicatorCategory",
    "IndicatorDefinition",
    "IndicatorValue",
    "NumberStyle",
    "Qualifier",
    "ReportStatus",
    "Section",
    "WorkflowAction",
    "WorkflowEvent",
    "parse_rule_expression",
]
