"""Article styles: each one writes a whole article (headline, paragraphs, outlet, dates) into a `Doc` from what the
world's authorities said on a day. `STYLES` are drawn with these weights."""
from synth.styles.features import style_liveblog, style_longform, style_negative
from synth.styles.regional import style_governor, style_mayor, style_roundup
from synth.styles.reports import style_digest, style_other, style_two_mod
from synth.styles.wire import style_wire

STYLES = [
    (style_wire, 30), (style_governor, 18), (style_mayor, 5), (style_roundup, 6), (style_two_mod, 5),
    (style_digest, 5), (style_other, 6), (style_liveblog, 3), (style_longform, 5), (style_negative, 12),
]
