"""Where an upload waits between the import's preview and its confirmation.

The confirm form carries the stored file's name back from the browser. The name is signed
with the uploading user's id and session, so a posted name can only ever point at that user's
own upload in this folder, never at another file on the server.
"""

import os
import re
import tempfile
from uuid import uuid4

from django.core import signing
from import_export.tmp_storages import TempFolderStorage

STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
MAX_AGE_SECONDS = 24 * 3600


class UploadExpired(ValueError):
    """The signed name is not this user's, was altered, or is too old."""


def upload_folder() -> str:
    folder = os.path.join(tempfile.gettempdir(), "rol-imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


class UploadStorage(TempFolderStorage):
    """import-export's temp-folder storage, confined to one folder and to generated names."""

    def get_full_path(self):
        if not STORED_NAME.match(self.name or ""):
            raise UploadExpired(self.name)
        return os.path.join(upload_folder(), self.name)

    def save(self, data):
        self.name = uuid4().hex
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(
            self.get_full_path(), mode, encoding=None if mode == "wb" else self.encoding
        ) as f:
            f.write(data)

    def _open(self, mode="r"):
        return open(self.get_full_path(), mode, encoding=None if "b" in mode else self.encoding)

    def exists(self) -> bool:
        return os.path.exists(self.get_full_path())


def _salt(user_id, session_key) -> str:
    return f"reports.import-upload:{user_id}:{session_key or ''}"


def sign_upload(name: str, *, user_id, session_key) -> str:
    return signing.dumps(name, salt=_salt(user_id, session_key))


def unsign_upload(token: str, *, user_id, session_key) -> str:
    try:
        name = signing.loads(token, salt=_salt(user_id, session_key), max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise UploadExpired(token) from error
    if not isinstance(name, str) or not STORED_NAME.match(name):
        raise UploadExpired(token)
    return name
