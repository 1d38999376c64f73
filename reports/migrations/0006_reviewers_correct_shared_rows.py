"""审核员 (reviewers) correct what published reports print, departments and indicators included:
renaming one that a published report shows needs a change note, which reviewers give."""

from django.db import migrations

REVIEWER = "审核员"
PERMISSIONS = ["change_department", "change_indicatordefinition"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWER)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=REVIEWER):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_roles")]

    operations = [migrations.RunPython(grant, revoke)]
