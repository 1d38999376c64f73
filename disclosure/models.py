"""What the public portal stores itself: the site's identity, the search index, and the search
vocabulary staff keep (synonyms) or read (searches that found nothing)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports import sharedcache
from reports.models import AnnualReport, IndicatorDefinition, Section

SITE_SETTINGS_CACHE_KEY = "disclosure:site-settings"
SITE_MARK_MAX_BYTES = 2 * 1024 * 1024
SITE_MARK_MIN_PIXELS = 180


def validate_site_mark(file) -> None:
    if file.size > SITE_MARK_MAX_BYTES:
        raise ValidationError(_("标志图片不能超过2MB。"), code="too_large")
    width = getattr(file, "width", None)
    height = getattr(file, "height", None)
    if width and height and min(width, height) < SITE_MARK_MIN_PIXELS:
        raise ValidationError(
            _("标志图片至少应为%(size)s×%(size)s像素。"),
            code="too_small",
            params={"size": SITE_MARK_MIN_PIXELS},
        )


CONAC_MARK_MAX_BYTES = 200 * 1024


def validate_conac_mark(file) -> None:
    if file.size > CONAC_MARK_MAX_BYTES:
        raise ValidationError(_("党政机关网站标识图片不能超过200KB。"), code="too_large")


class SiteSettings(models.Model):
    """The one row of site identity that the header, footer and meta tags show.

    Every field may be left empty: an empty field is left out of the page, never invented.
    """

    site_name = models.CharField(
        _("网站名称"),
        max_length=100,
        blank=True,
        help_text=_("例如:五常市人民政府。留空时使用最新报告的发布主体。"),
    )
    site_domain = models.CharField(
        _("网站域名"),
        max_length=100,
        blank=True,
        help_text=_("例如:www.wuchang.gov.cn。留空时使用访问的域名。"),
    )
    site_id_code = models.CharField(
        _("网站标识码"),
        max_length=20,
        blank=True,
        help_text=_("全国政府网站基本信息数据库分配的标识码。"),
    )
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    icp_url = models.URLField(
        _("ICP备案查询链接"), blank=True, default="https://beian.miit.gov.cn/"
    )
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    police_url = models.URLField(_("公安备案查询链接"), blank=True)
    host_organization = models.CharField(_("主办单位"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"),
        blank=True,
        help_text=_("国务院办公厅政府网站找错平台为本网站生成的链接。"),
    )
    site_mark = models.ImageField(
        _("网站标志"),
        upload_to="site/",
        blank=True,
        validators=[validate_site_mark],
        help_text=_(
            "本级政府的标志(PNG或JPEG,正方形最佳,至少180×180像素,不超过2MB),"
            "用作浏览器标签页图标、手机桌面图标和分享图片。留空时使用本网站自带的图标。"
        ),
    )
    conac_mark = models.ImageField(
        _("党政机关网站标识"),
        upload_to="site/",
        blank=True,
        validators=[validate_conac_mark],
        help_text=_(
            "机构编制部门核发的“党政机关”网站标识图片(PNG、JPEG或GIF,不超过200KB),"
            "显示在页面底部。留空时不显示。"
        ),
    )
    conac_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_("点击标识时打开的验证页面地址,随标识一同核发。"),
    )
    topic_category = models.CharField(
        _("主题分类"),
        max_length=50,
        blank=True,
        help_text=_("报告页信息栏的“主题分类”,例如:综合政务/法治建设。留空时不显示。"),
    )
    outline_url = models.URLField(
        _("《法治政府建设实施纲要》链接"),
        blank=True,
        help_text=_("报告页“相关链接”中《法治政府建设实施纲要》全文的地址。留空时不显示。"),
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # What the footer of a government site must show (《政府网站发展指引》); staff are warned
    # in the admin while any of these is empty, and the public sees nothing in its place.
    FOOTER_FIELDS = (
        "host_organization",
        "contact_phone",
        "site_id_code",
        "icp_number",
        "police_number",
        "conac_mark",
    )

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")

    def __str__(self):
        return str(_("网站设置"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: there is one site
        super().save(*args, **kwargs)
        forget_site_settings()

    def delete(self, *args, **kwargs):
        forget_site_settings()
        return super().delete(*args, **kwargs)

    def missing_footer_fields(self) -> list[str]:
        """The names of the footer's fields that are still empty, as the admin labels them."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.FOOTER_FIELDS
            if not getattr(self, name)
        ]

    @classmethod
    def load(cls) -> "SiteSettings":
        settings = sharedcache.call("get", SITE_SETTINGS_CACHE_KEY)
        if settings is None:
            settings = cls.objects.filter(pk=1).first() or cls(pk=1)
            sharedcache.call("set", SITE_SETTINGS_CACHE_KEY, settings, 300)
        return settings


def forget_site_settings() -> None:
    """Drop the cached copy; while the shared cache is away, as soon as it is back."""
    sharedcache.call("delete", SITE_SETTINGS_CACHE_KEY)
    if not sharedcache.available():
        sharedcache.when_back(forget_site_settings)


class SearchEntryKind(models.TextChoices):
    SECTION = "section", _("章节")
    INDICATOR = "indicator", _("指标")


class SearchEntry(models.Model):
    """One searchable piece of a published report, with its words segmented by jieba.

    ``title_terms`` and ``body_terms`` hold the jieba tokens separated by spaces (and padded with
    a space at both ends), so that PostgreSQL's 'simple' text search configuration sees Chinese
    words, and SQLite can match whole tokens with LIKE.
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SearchEntryKind.choices)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, related_name="+")
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, null=True, related_name="+"
    )
    anchor = models.CharField(max_length=100, blank=True)
    order = models.PositiveIntegerField(default=0)
    title = models.TextField()
    text = models.TextField(blank=True)
    # the chapter path as printed, e.g. "七、依法有效化解社会矛盾纠纷 › 1.加强行政复议工作。"
    path = models.TextField(blank=True)
    # the numbers of that path, e.g. "七、1."
    number_path = models.CharField(max_length=100, blank=True)
    # a figure as printed ("10件"), and the department that stated it
    figure = models.CharField(max_length=50, blank=True)
    department = models.CharField(max_length=100, blank=True)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # the words of the text in precise mode, for the did-you-mean vocabulary
    words = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")

    def __str__(self):
        return self.title


class SearchIndexedReport(models.Model):
    """Which version of a report the index holds: rebuilt when the report's updated_at moves."""

    report = models.OneToOneField(
        AnnualReport, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    source_updated_at = models.DateTimeField()

    def __str__(self):
        return f"{self.report_id}@{self.source_updated_at:%Y-%m-%d %H:%M:%S}"


class SearchWord(models.Model):
    """A word of the published reports with its toneless pinyin and how many entries hold it:
    the vocabulary that did-you-mean maps a pinyin query or a same-sound typo to."""

    word = models.CharField(max_length=50, unique=True)
    pinyin = models.CharField(max_length=300)  # syllables separated by spaces
    entries = models.PositiveIntegerField()

    def __str__(self):
        return self.word


class SearchIndexState(models.Model):
    """The one row every process reads to stay in step with the index: the words added to
    jieba's dictionary (the reports' own terms and department names; the index is rebuilt when
    they change), and a version that moves whenever the index changes."""

    words = models.TextField(blank=True)  # one word a line
    fingerprint = models.CharField(max_length=64, blank=True)
    version = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.version

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class SearchSynonym(models.Model):
    """Words citizens use, searched as the report's own term (打官司 → 行政应诉)."""

    phrases = models.CharField(
        _("群众用语"),
        max_length=200,
        help_text=_("一个或多个词,用顿号或逗号分隔,例如:告政府、打官司。"),
    )
    target = models.CharField(
        _("报告用语"), max_length=50, help_text=_("报告原文中的说法,例如:行政应诉。")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        ordering = ["target", "phrases"]
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self):
        return f"{self.phrases} → {self.target}"

    def phrase_list(self) -> list[str]:
        return [p for p in re.split(r"[、,,;;/\s]+", self.phrases) if p]

    def clean(self):
        target = self.target.strip()
        phrases = self.phrase_list()
        if not phrases:
            raise ValidationError({"phrases": _("请至少填写一个群众用语。")})
        if len(target) < 2:
            raise ValidationError({"target": _("报告用语至少两个字。")})
        if target in phrases:
            raise ValidationError({"phrases": _("群众用语不能与报告用语相同。")})


class SearchMiss(models.Model):
    """A search that found nothing: the words searched and how often, nothing about who."""

    query = models.CharField(_("搜索词"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = _("搜索无结果记录")
        verbose_name_plural = _("搜索无结果记录")

    def __str__(self):
        return self.query


class AppliedViewBatch(models.Model):
    """A batch of 点击数 moved from Redis into the database (``viewcounts.flush_view_counts``).

    Written in the transaction that adds the batch: a flush that stopped after that commit and
    before Redis let go of the batch finds it here next time and does not add it twice.
    """

    token = models.CharField(max_length=32, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("已写入的点击数批次")
        verbose_name_plural = _("已写入的点击数批次")

    def __str__(self):
        return self.token
