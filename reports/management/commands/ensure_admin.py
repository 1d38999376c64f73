import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first administrator account with a random password, printed once. "
        "Does nothing when an administrator already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("已有管理员账号,未创建新账号。")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建管理员账号:用户名 {options['username']},密码 {password}\n"
                "(密码只显示这一次,请妥善保存;登录后可在后台修改。)"
            )
        )
