from django.core.management.base import BaseCommand, CommandError

from reports.importexport.reading import SpreadsheetError, check_size
from reports.parsing import ReportTextError, parse_report_text, read_report_file
from reports.services.text_import import (
    DraftOverrides,
    ReportImportError,
    check_title,
    check_year,
    create_draft_from_parsed,
)

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


class Command(BaseCommand):
    help = (
        "Parse the text or saved web page (HTML) of a published report (UTF-8 or GB18030) and "
        "save it as a draft; --dry-run prints what went where without saving."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the text or HTML file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the outline, save nothing"
        )
        parser.add_argument("--year", help="Report year, when the text does not say")
        parser.add_argument("--title", help="Report title, when the text has none")

    def handle(self, *args, **options):
        year = self._year(options["year"])
        try:
            check_title(options["title"])
            path = options["file"]
            text = read_report_file(path)
            check_size(len(text.encode("utf-8")))
        except (ReportTextError, ReportImportError, SpreadsheetError) as error:
            raise CommandError(str(error)) from error
        parsed = parse_report_text(text)
        for warning in parsed.warnings:
            self.stderr.write(self.style.WARNING(f"警告:{warning}"))
        self._print_summary(parsed, outline=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write("试运行(--dry-run):未保存任何内容。")
            return
        try:
            report = create_draft_from_parsed(
                parsed, DraftOverrides(year=year, title=options["title"])
            )
        except ReportImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"已保存为草稿:{report.year}年度《{report.title}》(编号 {report.pk})"
            )
        )

    def _year(self, value: str | None) -> int | None:
        if value is None:
            return None
        try:
            year = int(value)
        except ValueError:
            raise CommandError(f"--year 应为四位数的年度,例如 2021,而不是“{value}”。") from None
        try:
            check_year(year)
        except ReportImportError as error:
            raise CommandError(f"--year {error}") from error
        return year

    def _print_summary(self, parsed, outline: bool):
        out = self.stdout.write
        out(f"标题:{parsed.title or '(未识别)'}")
        out(f"年度:{parsed.year or '(未识别)'}")
        out(f"发布主体:{parsed.government or '(未识别)'}")
        out(f"所属栏目:{' > '.join(parsed.column_path) or '(未识别)'}")
        out(
            f"发布时间:{parsed.published_at:%Y-%m-%d %H:%M:%S}"
            if parsed.published_at
            else "发布时间:(未识别)"
        )
        out(f"发布机构:{parsed.source_office or '(未识别)'}")
        levels = parsed.sections_per_level()
        out("章节:" + ",".join(f"{LEVEL_NAMES.get(k, f'{k}级')} {v} 个" for k, v in levels.items()))
        out(f"附件:{len(parsed.attachments)} 个")
        out(f"数字(候选指标):{len(parsed.figures)} 个")
        for item in parsed.furniture:
            out(f"  已删除的页面信息({item.kind}):{item.text}")
        if outline:
            if parsed.preamble:
                out(f"导语:{parsed.preamble[:60]}")
            for section, level in parsed.walk():
                indent = "  " * (level - 1)
                figures = "、".join(f.source_text for f in section.figures)
                suffix = f"  [{figures}]" if figures else ""
                out(f"{indent}{section.number}{section.title[:40]}{suffix}")
            if parsed.closing:
                out("落款:" + " / ".join(parsed.closing.split("\n")))
            for attachment in parsed.attachments:
                out(f"附件:{attachment.title}")
        else:
            for figure in parsed.figures:
                out(f"  {figure.source_text}:{figure.sentence[:50]}")
