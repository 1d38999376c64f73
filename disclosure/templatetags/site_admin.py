"""The admin's front page tells staff what the public site's frame still lacks."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def site_settings_warnings(context) -> list[str]:
    request = context.get("request")
    if request is None or not request.user.has_perm("disclosure.change_sitesettings"):
        return []
    from ..admin import footer_warnings

    return footer_warnings()
