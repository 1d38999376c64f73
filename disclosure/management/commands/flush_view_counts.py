from django.core.management.base import BaseCommand

from disclosure import pagecache, viewcounts


class Command(BaseCommand):
    help = (
        "Add the 点击数 counted in Redis to the database, and check the public reports' content "
        "stamp against the page cache. Run it from the timer that runs publish_scheduled (every "
        "minute; see README, Deployment)."
    )

    def handle(self, *args, **options):
        added = viewcounts.flush_view_counts()
        pagecache.check_content_stamp()
        if added:
            summary = ",".join(f"{year}年 {views}" for year, views in sorted(added.items()))
            self.stdout.write(f"点击数已写入数据库:{summary}")
        else:
            self.stdout.write("没有待写入的点击数。")
