"""Text that can travel everywhere Blognet sends it: pages, Atom feeds, e-mail.

XML 1.0 (and so every feed reader) cannot carry C0 control characters other than tab, line feed
and carriage return, nor U+FFFE and U+FFFF. Word puts a vertical tab where someone pressed
Shift+Enter, so such characters arrive from honest paste, not only from attackers: they are
dropped where text comes in (the models' save, the markup pipeline) and again where XML goes out.
"""

import re

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text):
    """`text` without the characters XML 1.0 cannot carry (None and "" pass through)."""
    return _NOT_IN_XML.sub("", text) if text else text
