"""What a parsed report looks like to staff, as plain data for the corpus expectations."""

from decimal import Decimal


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def describe(parsed) -> dict:
    return {
        "metadata": {
            "title": parsed.title,
            "year": parsed.year,
            "government": parsed.government,
            "issuing_office": parsed.source_office,
            "published_at": parsed.published_at.isoformat() if parsed.published_at else None,
            "column_path": parsed.column_path,
        },
        "preamble": parsed.preamble,
        "outline": [[level, section.number, section.title] for section, level in parsed.walk()],
        "closing": parsed.closing,
        "attachments": [[attachment.title, attachment.body] for attachment in parsed.attachments],
        "furniture": [[item.text, item.kind] for item in parsed.furniture],
        "figures": [
            [
                figure.source_text,
                _number(figure.value),
                _number(figure.value_max),
                figure.qualifier,
                figure.unit,
            ]
            for figure in parsed.figures
        ],
        "warnings": parsed.warnings,
    }
