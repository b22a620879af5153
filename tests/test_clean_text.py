"""HTML to text and bytes to text (extractor.clean)."""
from __future__ import annotations

import codecs

import pytest

from extractor.clean import DecodeError, decode_bytes, html_to_text

ARTICLE = """<!DOCTYPE html><html><head><title>Exports up | Wire</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Korea's exports rise 5.5% in November</h1>
<p>Exports reached $60.11 billion, up 5.5% from a year earlier, the ministry said.</p>
<table><tr><th>Item</th><th>Value</th></tr><tr><td>Chips</td><td>$17.3 billion</td></tr></table>
<p>Imports fell 1.2% to $49.2 billion.</p></article>
<footer>0 Comments</footer><script>var views = 12345;</script></body></html>"""


def test_clean_html_keeps_headline_body_and_table():
    text = html_to_text(ARTICLE)
    assert text.startswith("Korea's exports rise 5.5% in November\n\n")
    assert "$60.11 billion" in text
    assert "Chips | $17.3 billion" in text
    assert "Imports fell 1.2% to $49.2 billion." in text
    assert "12345" not in text and "Home" not in text


def test_clean_html_prepends_a_title_found_outside_the_body():
    html = ("<html><head><title>Japan posts 1.2 trillion yen deficit</title></head><body><div>"
            "<p>Japan ran a trade deficit of 1.2 trillion yen in October.</p></div></body></html>")
    assert html_to_text(html) == ("Japan posts 1.2 trillion yen deficit\n\n"
                                  "Japan ran a trade deficit of 1.2 trillion yen in October.")


@pytest.mark.parametrize("html, expected", [
    ("<p>Exports rose 3%.</p><p>Imports fell 2%.</p>", "Exports rose 3%.\n\nImports fell 2%."),
    ("plain words, no tags: 5%", "plain words, no tags: 5%"),
    ("<?xml version='1.0' encoding='utf-8'?><p>GDP grew 2.1%</p>", "GDP grew 2.1%"),
    ("<div><p>unclosed <b>tags 4%", "unclosed tags 4%"),
])
def test_clean_html_falls_back_to_plain_text_for_short_or_broken_pages(html, expected):
    assert html_to_text(html) == expected


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<script>x = 1</script>",
                                  "<style>p {}</style>", "<!-- only a comment -->"])
def test_clean_html_without_text_raises_value_error(html):
    with pytest.raises(ValueError, match="no text"):
        html_to_text(html)


@pytest.mark.parametrize("junk", ["<<<>>>", "\x00\x01\x02<p>", "<p" * 1000, "</p></div></html>"])
def test_clean_html_never_raises_anything_but_value_error_on_junk(junk):
    try:
        html_to_text(junk)
    except ValueError:
        pass


@pytest.mark.parametrize("data, expected", [
    (b"Exports rose 5%.", "Exports rose 5%."),
    (codecs.BOM_UTF8 + "수출 5%".encode(), "수출 5%"),
    (codecs.BOM_UTF16_LE + "Exports 5%".encode("utf-16-le"), "Exports 5%"),
    (codecs.BOM_UTF16_BE + "Exports 5%".encode("utf-16-be"), "Exports 5%"),
    (codecs.BOM_UTF32_LE + "Exports 5%".encode("utf-32-le"), "Exports 5%"),
    (b"line one\r\nline two\r\n", "line one\r\nline two\r\n"),  # offsets: nothing normalized
    ('<meta charset="euc-kr"><p>수출 5%</p>'.encode("euc-kr"), '<meta charset="euc-kr"><p>수출 5%</p>'),
    ('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>輸出</p>'.encode("shift_jis"),
     '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>輸出</p>'),
])
def test_clean_decode_bytes_reads_text_encodings(data, expected):
    assert decode_bytes(data, "a.txt") == expected


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
    ("no byte-order mark".encode("utf-16-le"), "binary file (contains NUL bytes)"),
    (bytes(range(1, 32)) * 10, "binary file (too many control characters)"),
    ("café".encode("latin-1"), "not UTF-8 text: invalid byte 0xe9 at byte 3"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid UTF-16 despite its byte-order mark"),
    ('<meta charset="nonsense-charset"><p>caf\xe9</p>'.encode("latin-1"),
     "neither UTF-8 nor the declared charset 'nonsense-charset'"),
])
def test_clean_decode_bytes_rejects_binary_and_undecodable_data(data, reason):
    with pytest.raises(DecodeError) as raised:
        decode_bytes(data, "dir/a.txt")
    assert raised.value.reason.startswith(reason)
    assert str(raised.value).startswith("dir/a.txt: ")
