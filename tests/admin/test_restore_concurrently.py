"""Two staff restore the same deletion at the same moment: one restores it, the other is told
it is already back; nothing is restored twice and nobody gets an error page."""

import threading
from importlib import import_module

import pytest
from django.db import connection, connections

from reports.models import AnnualReport, Section
from reports.services import editing
from reports.services.permissions import NotAllowed
from reports.services.restore import restore_deleted

from ..factories import make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_of_two_simultaneous_restores_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections: the PostgreSQL run covers them")
    from django.apps import apps

    import_module("reports.migrations.0005_roles").create_roles(apps, None)
    first, second = make_user("editor", "录入员"), make_user("editor2", "录入员")
    report = AnnualReport.objects.create(
        government="测试市人民政府", year=2030, title="测试市2030年度法治政府建设情况报告"
    )
    chapter = make_section(report, position=1, title="合成:被删除的章节")
    make_section(report, parent=chapter, position=1, number="1.", title="合成:其下级章节")
    editing.delete_rows(user=first, rows=[Section.objects.get(pk=chapter.pk)])
    record = Section.history.get(id=chapter.pk, history_type="-")

    start = threading.Barrier(2)
    outcomes = []

    def restore(user):
        try:
            start.wait()
            restore_deleted(user=user, record=record)
            outcomes.append("restored")
        except NotAllowed as refusal:
            outcomes.append(str(refusal))
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=restore, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == sorted(["restored", "该章节未被删除或已恢复,无需恢复。"])
    assert Section.objects.filter(report=report).count() == 2
    assert Section.history.filter(id=chapter.pk, history_type="+").count() == 2  # made, restored
