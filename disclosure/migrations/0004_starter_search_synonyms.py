"""A starter synonym table, from the words citizens were seen to use: staff keep it in the admin
(搜索同义词). Only added where the table is empty, and left alone when rolled back."""

from django.db import migrations

STARTER = [
    ("告政府、打官司、民告官、起诉政府", "行政应诉"),
    ("政府律师", "法律顾问"),
    ("上访", "信访"),
    ("办事", "政务服务"),
    ("司法局", "法制办"),
    ("环保、环保局", "环境保护"),
    ("乱收费", "价格收费"),
    ("红头文件", "规范性文件"),
]


def add_starter(apps, schema_editor):
    SearchSynonym = apps.get_model("disclosure", "SearchSynonym")
    if not SearchSynonym.objects.exists():
        SearchSynonym.objects.bulk_create(
            SearchSynonym(phrases=phrases, target=target) for phrases, target in STARTER
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_search_synonyms_misses_vocabulary")]

    operations = [migrations.RunPython(add_starter, migrations.RunPython.noop)]
