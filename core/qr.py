"""QR codes drawn on the server as inline SVG (segno): no script, no image request."""

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(url: str, label: str, *, pixels_per_module: int = 6) -> SafeString:
    """An SVG QR code of `url`, black on white, that a stylesheet may resize (it has
    a viewBox); `label` names it for screen readers."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", light="#fff"
    )
    width, height = code.symbol_size(scale=pixels_per_module, border=QUIET_ZONE)
    attributes = (
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}"'
    )
    return mark_safe(svg.replace("<svg ", f"<svg {attributes} ", 1))  # noqa: S308 (segno's markup, numbers and escaped text)
