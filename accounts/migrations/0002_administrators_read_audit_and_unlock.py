"""The 管理员 role reads the audit log and unlocks accounts locked by failed logins."""

from django.db import migrations

ADMINISTRATOR = "管理员"
PERMISSIONS = [
    ("accounts", "view_auditevent"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accesslog"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    for app_label, codename in PERMISSIONS:
        administrator.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=ADMINISTRATOR):
        for app_label, codename in PERMISSIONS:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("reports", "0005_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
