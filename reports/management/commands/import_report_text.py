from django.core.management.base import BaseCommand, CommandError

from reports.parsing import ReportTextError, parse_report_text, read_report_file
from reports.services.text_import import DraftOverrides, ReportImportError, create_draft_from_parsed

LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


class Command(BaseCommand):
    help = (
        "Parse the plain text of a published report (UTF-8 or GB18030) and save it as a draft; "
        "--dry-run prints the outline without saving."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the text file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the outline, save nothing"
        )
        parser.add_argument("--year", type=int, help="Report year, when the title does not say")
        parser.add_argument("--title", help="Report title, when the text has none")

    def handle(self, *args, **options):
        try:
            text = read_report_file(options["file"])
        except ReportTextError as error:
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
                parsed, DraftOverrides(year=options["year"], title=options["title"])
            )
        except ReportImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"已保存为草稿:{report.year}年度《{report.title}》(编号 {report.pk})"
            )
        )

    def _print_summary(self, parsed, outline: bool):
        out = self.stdout.write
        out(f"标题:{parsed.title or '(未识别)'}")
        out(f"年度:{parsed.year or '(未识别)'}")
        out(f"发布主体:{parsed.government or '(未识别)'}")
        out(f"所属栏目:{' > '.join(parsed.column_path) or '(未识别)'}")
        out(
            f"发布时间:{parsed.published_at:%Y-%m-%d %H:%M}"
            if parsed.published_at
            else "发布时间:(未识别)"
        )
        out(f"发布机构:{parsed.source_office or '(未识别)'}")
        levels = parsed.sections_per_level()
        out("章节:" + ",".join(f"{LEVEL_NAMES.get(k, f'{k}级')} {v} 个" for k, v in levels.items()))
        out(f"数字(候选指标):{len(parsed.figures)} 个")
        if outline:
            for section, level in parsed.walk():
                indent = "  " * (level - 1)
                figures = "、".join(f.source_text for f in section.figures)
                suffix = f"  [{figures}]" if figures else ""
                out(f"{indent}{section.number}{section.title[:40]}{suffix}")
        else:
            for figure in parsed.figures:
                out(f"  {figure.source_text}:{figure.sentence[:50]}")
