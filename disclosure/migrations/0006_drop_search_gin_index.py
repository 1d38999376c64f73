"""Search reads per-word postings held in memory (disclosure/search/postings.py) instead of
querying the index table with PostgreSQL's full-text search: the GIN index made for that query
(0001_initial) is no longer read, and would only slow every write of the index."""

from django.db import migrations


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchentry_tsv")


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS disclosure_searchentry_tsv ON disclosure_searchentry "
            "USING gin ((setweight(to_tsvector('simple'::regconfig, COALESCE(title_terms, '')), "
            "'A') || setweight(to_tsvector('simple'::regconfig, COALESCE(body_terms, '')), 'B')))"
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0005_site_footer_and_report_links")]

    operations = [migrations.RunPython(drop_search_index, create_search_index)]
