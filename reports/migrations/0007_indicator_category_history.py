"""History for indicator categories (their names are printed on the public pages), starting
with one record of each existing category as it is now."""

import django.db.models.deletion
from django.utils import timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def record_current_categories(apps, schema_editor):
    Category = apps.get_model("reports", "IndicatorCategory")
    History = apps.get_model("reports", "HistoricalIndicatorCategory")
    now = timezone.now()
    History.objects.bulk_create(
        History(
            id=category.id,
            code=category.code,
            name=category.name,
            order=category.order,
            history_date=now,
            history_type="+",
        )
        for category in Category.objects.all()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_reviewers_correct_shared_rows'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalIndicatorCategory',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(verbose_name='代码')),
                ('name', models.CharField(db_index=True, max_length=100, verbose_name='名称')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='排序')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 指标类别',
                'verbose_name_plural': 'historical 指标类别',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(record_current_categories, migrations.RunPython.noop),
    ]
