"""Atom feed of the published reports."""

import copy

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .origin import absolute_url


class PlainTextSummaryAtomFeed(Atom1Feed):
    """Atom whose <summary> is text: 内容概述 is staff's plain text, never markup to render."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PublishedReportsFeed(Feed):
    feed_type = PlainTextSummaryAtomFeed
    title = _("法治政府建设年度报告")
    subtitle = _("本网站发布的法治政府建设年度报告")

    def get_feed(self, obj, request):
        # Links are absolute on the site's origin (PORTAL_SITE_ORIGIN, https:// behind a TLS
        # proxy); the one Feed instance serves every request, so each request gets a copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.get_feed(feed, obj, request)

    def link(self):
        return absolute_url(self.request, reverse("disclosure:report_list"))

    def feed_url(self):
        return absolute_url(self.request, reverse("disclosure:feed"))

    def items(self):
        return selectors.published_reports_dated()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(
            self.request, reverse("disclosure:report_detail", kwargs={"year": item.year})
        )

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return item.issuing_office

    def item_guid(self, item):
        return self.item_link(item)
