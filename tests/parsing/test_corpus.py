"""The corpus: synthetic report texts in the shapes government sites publish, each with the
outline, metadata, figures and furniture staff should see in the preview."""

import json
from pathlib import Path

import pytest

from reports.parsing import parse_report_text, unplaced_sentences

from ..conftest import SEED_TEXT
from .describe import describe

CORPUS = Path(__file__).parent / "corpus"
SAMPLES = sorted(path for path in CORPUS.iterdir() if path.suffix != ".json")


def test_the_corpus_covers_the_shapes_reports_come_in():
    assert len(SAMPLES) >= 15
    texts = "\n".join(path.read_text(encoding="utf-8") for path in SAMPLES)
    for shape in ("第一部分", "一、", "(一)", "1.", "(1)", "①", "一是", "市委、市政府:"):
        assert shape in texts, shape
    for furniture in ("您所在的位置", "当前位置", "今天是", "首页→", "文章来源", "上一篇"):
        assert furniture in texts, furniture
    for closing in ("(此件公开发布)", "二〇二二年", "2022 年 3 月 20 日", "附件1"):
        assert closing in texts, closing


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_sample_parses_as_expected(path):
    parsed = parse_report_text(path.read_text(encoding="utf-8"))
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert describe(parsed) == expected


@pytest.mark.parametrize("path", [*SAMPLES, SEED_TEXT], ids=lambda path: path.stem)
def test_every_sentence_of_the_source_is_kept_somewhere(path):
    parsed = parse_report_text(path.read_text(encoding="utf-8"))
    assert unplaced_sentences(parsed) == []
    removed = {item.no for item in parsed.furniture}
    kept = [line for no, line in enumerate(parsed.source_lines) if no not in removed]
    draft = "".join(parsed.draft_texts()).replace("\n", "")
    for line in kept:
        assert "".join(line.split()) in "".join(draft.split()) or line == parsed.title, line


def test_lost_text_would_be_reported():
    parsed = parse_report_text((CORPUS / "01-county-digit-headings.txt").read_text("utf-8"))
    parsed.sections[0].children[0].children[0].body = ""
    assert unplaced_sentences(parsed) == ["全年召开县政府常务会议5次。"]
