"""Judged queries: what citizens, journalists and staff type, each with the sections of the
seed report (五常市 2017) that answer it, written from the report's text before searching.

Each entry: (query, relevant anchors, kind). A result list counts as relevant at the first
anchor in the set. Kinds name what the query tests (see issue 15): exact terms, report terms
(user dictionary), citizens' words (synonyms), traditional / full-width, single character,
question, number, did-you-mean (the reader follows the offered suggestion).

Used by tests/portal/test_search_judged.py and scripts/search_quality.py (recall@3, MRR).
"""

from dataclasses import dataclass

JUDGEMENTS = [
    # the report's own words
    ("行政复议", {"sec-7-1"}, "exact"),
    ("行政复议申请", {"sec-7-1"}, "exact"),
    ("规范性文件 清理", {"sec-3-1"}, "several words"),
    ("河长制", {"sec-2-5"}, "exact"),
    ("黄标车", {"sec-2-5"}, "exact"),
    ("法律顾问", {"sec-4-3"}, "exact"),
    ("人民调解", {"sec-7-2"}, "exact"),
    ("调解员", {"sec-7-2"}, "exact"),
    ("听证会", {"sec-4-1"}, "exact"),
    ("重大行政决策 公众参与", {"sec-4-1"}, "several words"),
    ("专家论证 风险评估", {"sec-4-2"}, "several words"),
    ("合法性审查", {"sec-4-3"}, "exact"),
    ("集体讨论", {"sec-4-4"}, "exact"),
    ("向人大报告", {"sec-4-5"}, "exact"),
    ("合同审查", {"sec-4-6"}, "exact"),
    ("行政执法程序", {"sec-5-1"}, "exact"),
    ("案卷评查", {"sec-5-2"}, "exact"),
    ("自由裁量权", {"sec-5-3"}, "exact"),
    ("综合执法改革", {"sec-5-4"}, "exact"),
    ("安监站", {"sec-5-4"}, "exact"),
    ("人大代表建议", {"sec-6-1"}, "exact"),
    ("政协委员提案", {"sec-6-1"}, "exact"),
    ("行政应诉", {"sec-6-2"}, "exact"),
    ("胜诉", {"sec-6-2"}, "exact"),
    ("政务公开", {"sec-6-3"}, "exact"),
    ("领导干部学法", {"sec-8-1"}, "exact"),
    ("会前学法", {"sec-8-1"}, "exact"),
    ("行政执法人员培训", {"sec-8-2"}, "several words"),
    ("宪法日", {"sec-8-4", "sec-8-4-1"}, "exact"),
    ("权责清单", {"sec-2-2"}, "exact"),
    ("年度任务分解表", {"sec-1-2"}, "exact"),
    ("法治政府建设领导小组", {"sec-1-1"}, "several words"),
    ("营业执照", {"sec-2-3"}, "exact"),
    ("信访积案", {"sec-7-3"}, "exact"),
    # the reports' own terms, cut as one word through the user dictionary
    ("双随机一公开", {"sec-2-1"}, "report term"),
    ("五证合一", {"sec-2-3"}, "report term"),
    ("三集中", {"sec-2-4"}, "report term"),
    ("三调联动", {"sec-7-2"}, "report term"),
    ("谁执法谁普法", {"sec-8-4"}, "report term"),
    ("法律进校园", {"sec-1-5"}, "report term"),
    ("政策解读", {"sec-3-2"}, "report term"),
    # department names, as the report prints them and as citizens say them
    ("法制办", {"sec-1-1", "sec-1-4", "sec-4-3"}, "department"),
    ("司法局", {"sec-1-1", "sec-1-4", "sec-4-3"}, "synonym"),
    ("行政审批服务中心", {"sec-2-4"}, "department"),
    ("环保局", {"sec-2-5"}, "synonym"),
    # citizens' words, through the synonym table
    ("告政府", {"sec-6-2"}, "synonym"),
    ("打官司", {"sec-6-2"}, "synonym"),
    ("政府律师", {"sec-4-3"}, "synonym"),
    ("上访", {"sec-7-3"}, "synonym"),
    ("环保", {"sec-2-5"}, "synonym"),
    ("乱收费", {"sec-6-3"}, "synonym"),
    ("红头文件", {"sec-3-1", "sec-3-2"}, "synonym"),
    ("办事", {"sec-2-1"}, "synonym"),
    # normalisation
    ("行政復議", {"sec-7-1"}, "traditional"),
    ("規範性文件", {"sec-3-1", "sec-3-2"}, "traditional"),
    ("３６９２", {"sec-2-2"}, "full width"),
    # one character
    ("税", {"sec-2-3"}, "single character"),
    # questions
    ("去年行政复议多少件", {"sec-7-1"}, "question"),
    ("怎么申请行政复议", {"sec-7-1"}, "question"),
    ("规范性文件有多少件", {"sec-3-1"}, "question"),
    # numbers read as figures
    ("10件", {"sec-7-1"}, "number"),
    ("3692", {"sec-2-2"}, "number"),
    ("3万余人次", {"sec-1-5"}, "number"),
    ("232项", {"sec-2-1"}, "number"),
    # did you mean: the reader follows the suggestion
    ("fuyi", {"sec-7-1"}, "did you mean"),
    ("xingzhengfuyi", {"sec-7-1"}, "did you mean"),
    ("复意", {"sec-7-1"}, "did you mean"),
    ("行政复意", {"sec-7-1"}, "did you mean"),
    ("规范姓文件", {"sec-3-1", "sec-3-2"}, "did you mean"),
    ("xinfang", {"sec-7-3"}, "did you mean"),
]


@dataclass
class Scores:
    recall_at_3: float
    mrr: float
    misses: list[tuple[str, list[str]]]  # (query, anchors ranked) where nothing relevant in 3


def ranked_anchors(query: str, kind: str) -> list[str]:
    """The anchors a reader sees, in order: the figure answer line first, then the results;
    for a did-you-mean query, those of the suggestion offered."""
    from disclosure import selectors

    found = selectors.search(query)
    if kind == "did you mean":
        if not found.suggestion:
            return []
        found = selectors.search(found.suggestion)
    selectors.load_hits(found.hits[:10])
    anchors = [answer.anchor for answer in found.answers]
    anchors += [hit.entry.anchor for hit in found.hits[:10]]
    return list(dict.fromkeys(anchors))


def evaluate(judgements=JUDGEMENTS) -> Scores:
    hits_at_3 = 0
    reciprocal = 0.0
    misses = []
    for query, relevant, kind in judgements:
        anchors = ranked_anchors(query, kind)
        rank = next((i for i, a in enumerate(anchors, 1) if a in relevant), None)
        if rank is not None and rank <= 3:
            hits_at_3 += 1
        else:
            misses.append((query, anchors[:3]))
        reciprocal += 1 / rank if rank else 0.0
    return Scores(hits_at_3 / len(judgements), reciprocal / len(judgements), misses)
