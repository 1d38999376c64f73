"""{% capture as name %}…{% endcapture %}: a block's output, kept to be used more than once.

The page's title and description are each written once by a page template (its ``title`` and
``description`` blocks) and used by base.html in <title>, the description meta tag and the Open
Graph tags. The captured text is already escaped; runs of white space become one space.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # blocks inside stay overridable by child templates

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
