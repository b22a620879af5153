"""Turn raw input (bytes, HTML pages) into the text the pipeline reads.

Record offsets index into the text these functions return, so plain text is never normalized
here: no stripping, no newline conversion, no Unicode normalization.
"""
from __future__ import annotations

import codecs
import re

import lxml.html
import trafilatura
from lxml import etree

_BINARY_SAMPLE_SIZE = 8192
_MAX_CONTROL_RATIO = 0.1  # text files have almost no C0 controls besides tab and line breaks
_TEXT_CONTROLS = b"\t\n\r\f\v\x1b"
_CHARSET_DECLARATION = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_FALLBACK_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg")
_FALLBACK_BLOCK_TAGS = (
    "title", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "li", "tr", "br", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt",
)


class DecodeError(ValueError):
    """Bytes that are not text; ``reason`` is the message without the origin."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` (judged by its beginning) looks like a binary file; None if it looks like text."""
    sample = data[:_BINARY_SAMPLE_SIZE]
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        return "binary file (too many control characters)"
    return None


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode a text file: UTF-8 (BOM optional), UTF-16/32 with a BOM, or the charset an HTML page
    declares in a ``<meta>`` tag (many Korean and Japanese pages are EUC-KR or Shift_JIS).

    The BOM is dropped; nothing else is changed. Raises ``DecodeError`` naming ``origin``.
    """
    # UTF-32 LE starts with the UTF-16 LE mark, so it is tested first.
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(origin, f"not valid {encoding.upper()} despite its byte-order "
                                          f"mark: {exc.reason} at byte {exc.start}") from None
    reason = binary_reason(data)
    if reason:
        raise DecodeError(origin, reason)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    declared = _CHARSET_DECLARATION.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii", "replace")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise DecodeError(origin, f"neither UTF-8 nor the declared charset {charset!r} "
                                      f"decodes it (byte {utf8_error.start})") from None
    bad_byte = data[utf8_error.start]
    raise DecodeError(origin, f"not UTF-8 text: invalid byte 0x{bad_byte:02x} "
                              f"at byte {utf8_error.start} (save it as UTF-8)")


def html_to_text(html: str) -> str:
    """Article text of an HTML page: headline, body and tables, one paragraph per block.

    Junk HTML never raises: trafilatura first, a plain lxml text dump if it finds no article.
    Raises ``ValueError`` only when the page has no text at all.
    """
    text = _article_text(html) or _plain_text(html)
    if not text:
        raise ValueError("no text found in the HTML")
    return text


def _article_text(html: str) -> str:
    try:
        article = trafilatura.bare_extraction(
            html, include_tables=True, include_comments=False, include_images=False,
            include_links=False, include_formatting=False, with_metadata=True,
        )
    except Exception:  # trafilatura fails on some malformed pages; the lxml fallback reads them
        return ""
    if article is None or not article.text:
        return ""
    body = _paragraphs(article.text.splitlines())
    title = " ".join((article.title or "").split())
    # The headline often sits outside the article element; its figures are records too (SCHEMA §4).
    if title and title not in body:
        return f"{title}\n\n{body}"
    return body


def _paragraphs(lines: list[str]) -> str:
    """Join trafilatura's lines with blank lines so that a headline without a full stop is its own
    sentence; rows of one table stay together."""
    blocks: list[str] = []
    previous_was_row = False
    for line in lines:
        line = line.strip()
        if not line:
            continue
        is_row = line.startswith("|")
        if is_row and previous_was_row:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
        previous_was_row = is_row
    return "\n\n".join(blocks)


def _plain_text(html: str) -> str:
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html))
    except (ValueError, etree.LxmlError):
        return ""
    for element in list(root.iter(*_FALLBACK_DROPPED_TAGS)):
        element.drop_tree()
    # text_content() runs blocks together ("<p>a</p><p>b</p>" -> "ab"); mark their edges first.
    for element in root.iter(*_FALLBACK_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n\n".join(line for line in lines if line)
