"""The office's roles as groups: 录入员 (editor), 审核员 (reviewer), 管理员 (administrator).

Re-running keeps groups in step with this list (permissions are added, never removed by hand
edits being overwritten silently: the list below is the definition of each role).
"""

from django.db import migrations

EDITOR = "录入员"
REVIEWER = "审核员"
ADMINISTRATOR = "管理员"

CRUD = ("add", "change", "delete", "view")

EDITOR_PERMISSIONS = [
    "view_annualreport", "add_annualreport", "change_annualreport", "submit_annualreport",
    "import_indicators", "export_indicators",
    *(f"{action}_section" for action in CRUD),
    *(f"{action}_indicatorvalue" for action in CRUD),
    *(f"{action}_expectedfigure" for action in CRUD),
    "view_department", "add_department", "change_department",
    "view_indicatordefinition", "add_indicatordefinition", "change_indicatordefinition",
    "view_indicatorcategory",
    "view_changenote", "add_changenote",
    "view_consistencyrule",
    "view_workflowevent",
]

REVIEWER_PERMISSIONS = [
    "view_annualreport", "change_annualreport", "send_back_annualreport", "publish_annualreport",
    "withdraw_annualreport", "export_indicators",
    "view_section", "change_section", "add_section",
    "view_indicatorvalue", "change_indicatorvalue", "add_indicatorvalue",
    "view_expectedfigure",
    "view_department", "view_indicatordefinition", "view_indicatorcategory",
    "view_changenote", "add_changenote", "change_changenote",
    *(f"{action}_consistencyrule" for action in CRUD),
    "view_workflowevent",
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, which a migration's
        # historical app has; given the real registry (the tests' role fixtures), the real
        # module must be put back, or dumpdata and flush then skip every app.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reports_permissions = Permission.objects.filter(content_type__app_label="reports")

    def grant(name, codenames):
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(reports_permissions.filter(codename__in=codenames))
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"unknown permissions for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)

    grant(EDITOR, EDITOR_PERMISSIONS)
    grant(REVIEWER, REVIEWER_PERMISSIONS)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.add(*reports_permissions)
    administrator.permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=[
            "view_user", "add_user", "change_user", "view_group",
        ])
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REVIEWER, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_office_admin"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
