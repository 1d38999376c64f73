"""Loading a fixture (``loaddata``, a restore) replays rows; it must not write new history.

Django saves each deserialised row with ``raw=True`` and then sets its many-to-many fields on
the same instance. django-simple-history skips raw saves but records the m2m change as a new
history row, which collides with the history rows the fixture itself brings. Marking the
instance at its raw save makes both simple-history and the audit log skip what follows.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(pre_save, dispatch_uid="safeguards-mark-raw-saves")
def _mark_raw_save(sender, instance, raw=False, **kwargs):
    if raw:
        instance.saved_raw = True
        # The attribute django-simple-history checks before writing a history row.
        instance.skip_history_when_saving = True
