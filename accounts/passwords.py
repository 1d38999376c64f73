"""Password rules of 等保2.0: long enough, and mixed from several kinds of characters."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CHARACTER_CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    ("symbol", lambda ch: not ch.isalnum()),
)


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = {name for name, test in CHARACTER_CLASSES if any(test(ch) for ch in password)}
        if len(present) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_character_classes")

    def get_help_text(self):
        return ngettext(
            "密码须包含大写字母、小写字母、数字、符号四类中的至少%(count)d类。",
            "密码须包含大写字母、小写字母、数字、符号四类中的至少%(count)d类。",
            self.min_classes,
        ) % {"count": self.min_classes}
