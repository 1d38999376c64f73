"""A Django storage in the database: every app server sharing PostgreSQL sees the same files.

Chosen for several app servers over object storage because the project already depends on
nothing but PostgreSQL and Redis; a rendered report is a few hundred KB and only the current
version of a year is kept. For S3-compatible storage instead, define STORAGES["pdfs"] with
django-storages (reports.pdf.store.pdf_storage prefers it).
"""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible


@deconstructible
class DatabaseStorage(Storage):
    def _model(self):
        from .models import StoredFile

        return StoredFile

    def _open(self, name, mode="rb"):
        row = self._model().objects.filter(name=name).values_list("content", flat=True).first()
        if row is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(row), name=name)

    def _save(self, name, content):
        data = content.read()
        try:
            with transaction.atomic():
                self._model().objects.create(name=name, content=data, size=len(data))
        except IntegrityError:
            # Another server stored the same version (the same bytes) at the same moment.
            pass
        return name

    def get_available_name(self, name, max_length=None):
        return name  # a version is written once; the same name is the same content

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def size(self, name):
        size = self._model().objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path):
        prefix = path.rstrip("/") + "/" if path else ""
        names = self._model().objects.filter(name__startswith=prefix).values_list("name", flat=True)
        directories, files = set(), []
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(posixpath.basename(rest))
        if not names and prefix:
            raise FileNotFoundError(path)
        return sorted(directories), sorted(files)

    def url(self, name):
        raise NotImplementedError("Stored PDFs are sent by reports.pdf.views, not by URL")
