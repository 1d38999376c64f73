"""The seed report loaded once per test run and put back, row for row, where a test needs it.

Loading the seed through ``import_report_document`` validates and saves every row with its
history and takes about a second; tests ask for it dozens of times. The session loads it once
inside a transaction that is rolled back, keeps the rows it added (every Django table,
history included), and each test that asks for the seed inserts those rows again inside its
own transaction. The test's rollback removes them, so a test that edits the seed never leaks
into the next one, and tests that do not ask for it see an empty database.

The seed is loaded with ids from SEED_IDS_FROM up, so that rows a test creates before it asks
for the seed (a fixture listed first) never take an id the seed's rows need.
"""

import json
from dataclasses import dataclass
from graphlib import TopologicalSorter

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

SEED_IDS_FROM = 10_000_000
AUTO_FIELDS = {"AutoField", "BigAutoField", "SmallAutoField"}


@dataclass(frozen=True)
class TableRows:
    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class SeedSnapshot:
    report_pk: int
    tables: tuple[TableRows, ...]
    models: tuple  # models whose tables got rows, for resetting PostgreSQL sequences


def _models_in_insert_order() -> list:
    """Every concrete model (m2m tables included), each after the models it points to."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    graph = TopologicalSorter()
    for model in models:
        targets = {
            field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model not in (None, model)
        }
        graph.add(model, *targets)
    order = list(graph.static_order())
    return [model for model in order if model in models]


def _rows(cursor, table: str) -> tuple[tuple[str, ...], list[tuple]]:
    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
    columns = tuple(column[0] for column in cursor.description)
    return columns, cursor.fetchall()


def _start_ids_at(models, first_id: int) -> None:
    """Make the next automatic id of every table at least ``first_id``."""
    with connection.cursor() as cursor:
        for model in models:
            pk = model._meta.pk
            if pk.get_internal_type() not in AUTO_FIELDS:
                continue
            table = model._meta.db_table
            if connection.vendor == "sqlite":  # rolled back with the transaction
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first_id]
                )
            elif connection.vendor == "postgresql":  # sequences are never rolled back
                quote = connection.ops.quote_name
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, "
                    f"(SELECT COALESCE(MAX({quote(pk.column)}), 0) FROM {quote(table)})))",
                    [table, pk.column, first_id],
                )
            else:
                raise NotImplementedError(connection.vendor)


def take(document: dict) -> SeedSnapshot:
    """Load ``document`` in a transaction that is rolled back; keep the rows it added."""
    from reports.services.report_document import import_report_document

    models = _models_in_insert_order()
    with transaction.atomic(), connection.cursor() as cursor:
        before = {model: set(_rows(cursor, model._meta.db_table)[1]) for model in models}
        _start_ids_at(models, SEED_IDS_FROM)
        report = import_report_document(json.loads(json.dumps(document)))
        # what report_changed does once the load commits: the seed as the site search has it
        from disclosure.search.index import rebuild_index

        rebuild_index()
        tables, touched = [], []
        for model in models:
            columns, after = _rows(cursor, model._meta.db_table)
            removed = before[model].difference(after)
            if removed:
                raise RuntimeError(f"loading the seed changed existing rows of {model}")
            added = [row for row in after if row not in before[model]]
            if added:
                order = columns.index(model._meta.pk.column)
                added.sort(key=lambda row, order=order: row[order])  # parents before children
                tables.append(TableRows(model._meta.db_table, columns, tuple(added)))
                touched.append(model)
        transaction.set_rollback(True)
    return SeedSnapshot(report.pk, tuple(tables), tuple(touched))


def restore(snapshot: SeedSnapshot) -> None:
    """Insert the seed's rows again (in the caller's transaction)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in snapshot.tables:
            columns = ", ".join(quote(column) for column in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.table)} ({columns}) VALUES ({marks})", table.rows
            )
        # PostgreSQL's sequences do not see explicit ids; SQLite's AUTOINCREMENT does.
        for statement in connection.ops.sequence_reset_sql(no_style(), snapshot.models):
            cursor.execute(statement)
