"""等保2.0 accounts: lockout, password rules, idle sessions, the audit log, error alerts."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
STRONG = "Fzb-2024-report"


def staff(username="clerk", password=STRONG, **extra) -> User:
    return User.objects.create_user(username=username, password=password, is_staff=True, **extra)


def login(client, username, password, ip="10.0.0.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def actions(**filters) -> list[str]:
    return list(
        AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True)
    )


# --- Lockout (item 12) -----------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_from_that_address_with_a_chinese_message(
    client, settings
):
    staff()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert login(client, "clerk", "wrong-password").status_code == 200
    assert login(client, "clerk", "wrong-password").status_code == 429
    locked = login(client, "clerk", STRONG)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已被暂时锁定" in page and f"{settings.LOGIN_LOCKOUT_MINUTES}分钟" in page
    assert "_auth_user_id" not in client.session  # the right password did not log in
    # Another address is not locked out by someone else's failures.
    assert login(client, "clerk", STRONG, ip="10.0.0.8").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, username="clerk").exists()
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.LOGIN_FAILED, username="clerk", ip_address="10.0.0.7"
        ).count()
        >= settings.LOGIN_FAILURE_LIMIT
    )


def test_an_administrator_unlocks_in_the_admin(client, settings):
    from axes.models import AccessAttempt

    staff()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, "clerk", "wrong-password")
    assert login(client, "clerk", STRONG).status_code == 429
    attempt = AccessAttempt.objects.get(username="clerk")

    administrator = staff("chief")
    administrator.groups.add(Group.objects.get(name="管理员"))
    admin_client = type(client)()
    assert login(admin_client, "chief", STRONG, ip="10.0.0.9").status_code == 302
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "clerk" in listing.content.decode()
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    assert login(client, "clerk", STRONG).status_code == 302
    unlock = AuditEvent.objects.get(action=AuditAction.UNLOCKED)
    assert unlock.username == "chief" and "clerk" in unlock.target


# --- Passwords and sessions (item 13) ----------------------------------------------------


@pytest.mark.parametrize("password", ["wuchang2024", "fzb12345", "abcdefghij", "Short1!"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Wuchang-report", "wuchang2024!", "FZB-fzb-12345"])
def test_passwords_of_ten_characters_from_three_kinds_are_accepted(password):
    validate_password(password)


def test_the_rule_is_told_in_chinese():
    with pytest.raises(ValidationError) as refused:
        validate_password("wuchang2024")
    assert any("至少3类" in message for message in refused.value.messages)


def test_staff_session_ends_after_idle_time(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff(is_superuser=True)
    assert login(client, "clerk", STRONG).status_code == 302
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] -= 29 * 60
    session.save()
    assert client.get("/admin/").status_code == 200  # still within the idle time
    session = client.session
    session[LAST_ACTIVITY_KEY] -= 31 * 60
    session.save()
    response = client.get("/admin/reports/annualreport/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302
    assert actions(username="clerk")[-1] == AuditAction.SESSION_EXPIRED
    follow = client.get(response["Location"])
    assert "由于长时间未操作" in follow.content.decode()


def test_session_cookie_does_not_outlive_the_idle_time_by_much(settings):
    assert settings.SESSION_COOKIE_AGE <= (settings.STAFF_SESSION_IDLE_MINUTES + 5) * 60


# --- Audit log (item 14) -------------------------------------------------------------------


def test_logins_failures_and_logouts_are_recorded_with_address(client):
    staff(is_superuser=True)
    login(client, "clerk", "wrong-password")
    login(client, "clerk", STRONG)
    client.post("/admin/logout/", REMOTE_ADDR="10.0.0.7")
    events = AuditEvent.objects.filter(username="clerk").order_by("id")
    assert [e.action for e in events][-3:] == [
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN,
        AuditAction.LOGOUT,
    ]
    assert {e.ip_address for e in events.exclude(action=AuditAction.USER_CREATED)} == {"10.0.0.7"}


def test_the_proxy_header_gives_the_address_when_configured(client, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    staff()
    client.post(
        LOGIN_URL,
        {"username": "clerk", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.5",
    )
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip_address == "203.0.113.5"


def test_changes_to_users_roles_and_permissions_are_recorded(client, caplog):
    chief = staff("chief", is_superuser=True)
    login(client, "chief", STRONG)
    clerk = staff("newclerk")
    editor_group = Group.objects.get(name="录入员")
    response = client.post(
        f"/admin/auth/user/{clerk.pk}/change/",
        {
            "username": "newclerk",
            "is_active": "on",
            "is_staff": "on",
            "groups": [editor_group.pk],
            "date_joined_0": "2030-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2030-01-01",
            "initial-date_joined_1": "00:00:00",
        },
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CHANGED)
    assert membership.actor == chief and membership.ip_address == "10.0.0.7"
    assert "newclerk" in membership.target and "录入员" in membership.detail

    with caplog.at_level("INFO", logger="portal.audit"):
        group = Group.objects.create(name="临时角色")
        group.permissions.add(Permission.objects.get(codename="view_annualreport"))
        clerk.is_superuser = True
        clerk.save()
    assert AuditAction.GROUP_CREATED in actions(target="临时角色")
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSIONS_CHANGED, target="临时角色")
    changed = AuditEvent.objects.filter(action=AuditAction.USER_CHANGED, target="newclerk").last()
    assert "is_superuser: False → True" in changed.detail
    # Also in the log, for the log collector.
    assert any("action=permissions_changed" in r.getMessage() for r in caplog.records)


def test_password_changes_are_recorded_without_the_password():
    clerk = staff()
    clerk.set_password("Another-pass-99")
    clerk.save()
    event = AuditEvent.objects.get(action=AuditAction.USER_CHANGED)
    assert event.detail == "密码已修改"
    assert "Another" not in event.detail


def test_logging_in_alone_is_not_a_user_change(client):
    staff()
    login(client, "clerk", STRONG)
    assert not AuditEvent.objects.filter(action=AuditAction.USER_CHANGED).exists()


def test_administrators_read_the_audit_log_and_nobody_edits_it(client):
    administrator = staff("chief")
    administrator.groups.add(Group.objects.get(name="管理员"))
    login(client, "chief", STRONG)
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).last()
    listing = client.get("/admin/accounts/auditevent/")
    assert listing.status_code == 200 and "登录成功" in listing.content.decode()
    detail = client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert client.get(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403
    client.post(f"/admin/accounts/auditevent/{event.pk}/change/", {"username": "someone-else"})
    event.refresh_from_db()
    assert event.username == "chief"


def test_editors_cannot_read_the_audit_log(client):
    editor = staff("typist")
    editor.groups.add(Group.objects.get(name="录入员"))
    login(client, "typist", STRONG)
    assert client.get("/admin/accounts/auditevent/").status_code == 403


# --- Alerts (item 14) ------------------------------------------------------------------------


@pytest.mark.urls("tests.security.failing_urls")
def test_a_server_error_is_mailed_to_the_admins(client, settings):
    settings.ADMINS = [("值班员", "duty@example.org")]
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "服务器暂时无法处理您的请求" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["duty@example.org"]]


def test_admins_come_from_the_environment():
    from .test_settings_module import import_settings

    result = import_settings(
        {
            "DJANGO_SECRET_KEY": "k" * 50,
            "DJANGO_ADMINS": "值班员 <duty@example.org>, ops@example.org",
        },
        show="ADMINS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "[('值班员', 'duty@example.org'), ('ops@example.org', 'ops@example.org')]"
    )


def test_imports_and_exports_in_the_admin_are_recorded(client):
    from tests.admin.importing import csv_bytes, import_file

    chief = staff("chief", is_superuser=True)
    client.force_login(chief)
    response = import_file(
        client,
        "department",
        csv_bytes([["名称", "简称", "类别", "排序"], ["测试区司法局", "司法局", "政府部门", 5]]),
    )
    assert response.status_code == 302
    imported = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert imported.actor == chief and "department" in imported.target
    assert imported.detail == "upload.csv"

    fields = {
        f"departmentresource_{name}": "on" for name in ("name", "short_name", "kind", "order")
    }
    export = client.post(
        "/admin/reports/department/export/", {"format": "0", "resource": "0", **fields}
    )
    assert export.status_code == 200
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert exported.actor == chief and "department" in exported.target
    assert ".csv" in exported.detail
