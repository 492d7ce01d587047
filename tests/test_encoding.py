"""The encoding filter: any charset in, the same text out; damage reported, never hidden."""

from __future__ import annotations

import codecs

import pytest

from normalize.document import Document
from normalize.filters.encoding import EncodingFilter, declared_encoding, python_codec

CHINESE = "中国驻比利时使馆发言人说，双方合作建立在相互尊重、互利共赢的基础上。“引号”保持原样，全角　空格也保持。\n"


def decode(raw: bytes, **options) -> tuple[str, Document]:
    doc = Document.from_bytes(raw)
    EncodingFilter(options).run(doc)
    assert doc.body is not None
    return doc.body, doc


@pytest.mark.parametrize(
    "label, codec",
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("big5", "big5hkscs"),
        ("shift_jis", "cp932"),
        ("euc-kr", "cp949"),
        ("iso-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("ascii", "cp1252"),
        ("utf-8", "utf-8"),
    ],
)
def test_labels_are_widened_as_browsers_do(label, codec):
    assert python_codec(label) == codec


def test_unknown_label():
    assert python_codec("no-such-charset") is None


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(bom_codec):
    text, _ = decode(CHINESE.encode(bom_codec))
    assert text == CHINESE


def test_meta_charset_declaration_is_used():
    html = '<html><head><meta charset="gb2312"></head><body><p>' + CHINESE + "</p></body></html>"
    raw = html.encode("gb18030")
    assert declared_encoding(raw) == "gb18030"
    assert decode(raw)[0] == html


def test_http_equiv_and_malformed_content_charset():
    raw = b'<meta http-equiv="Content-Type" content="charset=gbk">'
    assert declared_encoding(raw) == "gb18030"
    raw = b'<meta http-equiv="Content-Type" content="text/html; charset=big5">'
    assert declared_encoding(raw) == "big5hkscs"


def test_declaration_the_bytes_contradict_loses_to_utf8():
    html = '<meta charset="iso-8859-1"><p>' + CHINESE + "</p>"
    assert decode(html.encode("utf-8"))[0] == html


def test_undeclared_gb18030_is_detected():
    text = CHINESE * 8
    decoded, doc = decode(text.encode("gb18030"))
    assert decoded == text
    assert any(c.rule == "decoded" and "gb18030" in c.detail for c in doc.changes)


def test_user_encoding_wins_over_detection():
    text = "Ærøskøbing café"
    assert decode(text.encode("cp1252"), default="latin-1")[0] == text


def test_mojibake_is_repaired():
    text, doc = decode("ä¸­å›½ is China".encode())
    assert text == "中国 is China"
    assert [c.rule for c in doc.changes] == ["mojibake"]


def test_curly_quotes_and_fullwidth_characters_are_not_folded():
    text = "“引号”，全角　空格，ＡＢＣ１２３，‘single’ and — dash\n"
    assert decode(text.encode())[0] == text


def test_line_endings_controls_and_nfc():
    raw = "a\r\nb\rc\x00d\x1b\ufeffe\u0065\u0301\t\n".encode()
    text, doc = decode(raw)
    assert text == "a\nb\ncde\u00e9\t\n"
    assert any(c.rule == "controls" for c in doc.changes)


def test_damage_is_reported():
    _, doc = decode("好��好 and 锟斤拷".encode())
    assert any(c.rule == "damaged" and c.warning for c in doc.changes)
    _, doc = decode("\ue000\ue001 glyphs".encode())
    assert any(c.rule == "private-use" for c in doc.changes)


def test_clean_utf8_is_left_as_is_and_not_logged():
    text, doc = decode(CHINESE.encode())
    assert text == CHINESE
    assert doc.changes == []


def test_short_undecidable_input_falls_back_and_says_so():
    text, doc = decode(b"caf\xe9 ol\xe9", fallback="cp1252")
    assert text == "café olé"
    assert [c.rule for c in doc.changes if c.warning] == ["undecided"]


def test_short_chinese_that_the_fallback_cannot_read_takes_the_best_guess():
    text = "<p>中文和英文 and <em>English</em></p>"
    decoded, doc = decode(text.encode("gb18030"))
    assert decoded == text


def test_text_given_to_the_api_gets_the_repairs():
    doc = Document.from_text("x\r\ny")
    EncodingFilter().run(doc)
    assert doc.body == "x\ny"


def test_codecs_used_exist():
    for codec in ("gb18030", "big5hkscs", "cp932", "cp949", "cp1252"):
        codecs.lookup(codec)
