"""The encoding filter: any charset in, the same text out; damage reported, never hidden."""

from __future__ import annotations

import codecs
import re

import pytest

from normalize.document import Document
from normalize.filters.encoding import (
    EncodingFilter,
    declared_encoding,
    pairs_as_gb2312,
    python_codec,
)

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
        ("shift_jis", "shift_jis_whatwg"),
        ("windows-31j", "shift_jis_whatwg"),
        ("cp932", "cp932"),
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
    for codec in ("gb18030", "big5hkscs", "shift_jis_whatwg", "cp949", "cp1252"):
        codecs.lookup(codec)


def test_shift_jis_reads_jis_x_0208_as_the_standard_maps_it():
    # 〜 and − are JIS X 0208's WAVE DASH and MINUS SIGN, as browsers show them;
    # cp932 alone would give FULLWIDTH TILDE and FULLWIDTH HYPHEN-MINUS.
    text = "価格〜１０００円、温度−５度"
    raw = text.encode("shift_jis")
    assert raw.decode(python_codec("shift_jis")) == text
    assert raw.decode("cp932") != text


def test_shift_jis_with_windows_extensions_is_read_as_cp932():
    # ① (NEC row 13) and 髙 (IBM) exist only in cp932: the file was written on
    # Windows, whose ～ is the same byte pair as JIS's 〜.
    text = "①番の髙橋さん、１０〜２０時"
    raw = text.encode("shift_jis_whatwg")
    assert raw.decode(python_codec("shift_jis")) == raw.decode("cp932")
    assert "①" in raw.decode(python_codec("shift_jis"))


def test_a_meta_declared_shift_jis_page_decodes_its_wave_dash():
    text = "<html><head><meta charset=shift_jis></head><body><p>東京〜大阪</p></body></html>"
    assert decode(text.encode("shift_jis"))[0] == text


# --- the decoding order -----------------------------------------------------------------


def test_front_matter_charset_key_is_a_declaration():
    text = "---\ntitle: 标题\ncharset: gbk\n---\n\n" + CHINESE
    assert declared_encoding(text.encode("gb18030")) == "gb18030"
    assert decode(text.encode("gb18030"))[0] == text


def test_a_charset_key_outside_front_matter_is_not_a_declaration():
    raw = b"# Setting up\n\nencoding: gbk\n"
    assert declared_encoding(raw) is None
    raw = b"---\ntitle: x\n---\n\nencoding: gbk\n"
    assert declared_encoding(raw) is None


def test_xml_declaration():
    raw = b'<?xml version="1.0" encoding="GB2312"?>\n<rss></rss>'
    assert declared_encoding(raw) == "gb18030"


def test_commented_out_meta_is_ignored_and_only_1024_bytes_are_read():
    raw = b'<!-- <meta charset="big5"> -->\n<meta charset="gbk">'
    assert declared_encoding(raw) == "gb18030"
    assert declared_encoding(b" " * 1024 + b'<meta charset="gbk">') is None


def test_a_utf16_label_read_by_the_prescan_means_utf8():
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"


def test_declaration_is_tried_before_utf8_when_the_bytes_fit_it():
    # Pure ASCII says nothing; the declared codec reads it the same.
    html = '<meta charset="gbk"><p>plain</p>'
    text, doc = decode(html.encode())
    assert text == html
    assert doc.changes == []


def test_a_declaration_the_bytes_do_not_fit_falls_through_to_detection():
    html = '<meta charset="utf-8"><p>' + CHINESE * 4 + "</p>"
    text, doc = decode(html.encode("gb18030"))
    assert text == html
    rules = [(c.rule, c.warning) for c in doc.changes]
    assert ("declaration", True) in rules


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Plain English, which is also valid UTF-8 when it is UTF-16.\n" * 3,
        CHINESE * 3,
        "中国驻比利时使馆发言人说，双方合作建立在相互尊重、互利共赢的基础上。" * 2,  # no NUL at all
    ],
    ids=["english", "chinese", "chinese-without-nul"],
)
def test_utf16_and_utf32_without_a_bom(codec, text):
    decoded, doc = decode(text.encode(codec))
    assert decoded == text
    assert [c.detail for c in doc.changes] == [f"{codec} (no byte-order mark)"]


def test_an_english_post_with_a_few_chinese_words_in_gbk():
    # chardet guesses a Latin code page for so few high bytes; they all pair as GB2312.
    text = "---\ncategories:\n - 新媒体\n---\n\n" + "An English article about kernels. " * 20
    decoded, doc = decode(text.encode("gbk"))
    assert decoded == text
    assert "pairs as GB2312" in doc.changes[0].detail


@pytest.mark.parametrize(
    "text",
    ["Crème brûlée, café au lait.", "Müller's naïve résumé", "90°C, ½ kilo, © 2009"],
)
def test_latin_text_does_not_pass_for_gb2312(text):
    # Accented letters stand next to ASCII; GB2312 needs two high bytes together.
    assert not pairs_as_gb2312(text.encode("cp1252"))
    assert re.search("[\u4e00-\u9fff]", decode((text * 8).encode("cp1252"))[0]) is None


def test_max_bytes_is_an_option():
    text = CHINESE * 50
    assert decode(text.encode("gb18030"), max_bytes=4096)[0] == text


# --- repairs ----------------------------------------------------------------------------


def read_as_gbk(text: str) -> str:
    """UTF-8 bytes read as GBK, the mojibake Chinese Windows makes of UTF-8."""
    return text.encode().decode("gb18030", errors="replace")


@pytest.mark.parametrize(
    "text",
    ["中文测试 OK", "中国人民 and 中文报道OK", "ひらがな and カタカナ", "It’s fine"],
)
def test_utf8_read_as_gbk_is_repaired(text):
    mojibake = read_as_gbk(text)
    assert "\ufffd" not in mojibake  # nothing was lost making it
    repaired, doc = decode(mojibake.encode())
    assert repaired == text
    assert any(c.rule == "mojibake" and "GBK" in c.detail for c in doc.changes)


def test_windows_gbk_mojibake_with_the_euro_sign():
    # Code page 936 reads byte 0x80 as €: 一 (E4 B8 80) becomes 涓€.
    assert decode("涓€涓\ue043簺".encode())[0] == "一个些"


def test_gbk_mojibake_that_lost_bytes_keeps_the_loss_visible():
    mojibake = read_as_gbk("中文测试\n第二行")  # the last byte of 行 pairs with nothing
    assert mojibake.endswith("\ufffd")
    repaired, doc = decode(mojibake.encode())
    assert repaired == "中文测试\n第二\ufffd"
    assert any(c.rule == "damaged" and c.warning for c in doc.changes)


@pytest.mark.parametrize(
    "text",
    [
        CHINESE,
        "茅台 和 漏洞 are real words",  # read back as UTF-8 they would be Latin letters
        "繁體中文的文章，也不會被改動。",
        "日本語の文章と한국어 문장",
        "涓€浜",  # a fragment of mojibake that is not an exact round trip: left alone
    ],
)
def test_text_that_is_right_is_not_touched(text):
    assert decode(text.encode())[0] == text


# Negative cases from ftfy's own test suite (tests/test-cases/negative.json): text that
# looks like mojibake but is right, which fix_encoding must leave as it is.
FTFY_NEGATIVES = [
    "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές",
    "higher values (“+” and “×” curves) in the superficial region",
    "Bremer/Mccoy – DrÃ¥ber",
    "Con il corpo e lo spirito ammaccato,\u00a0è come se nel cuore avessi un vetro conficcato.",
    "4288×…",
    "``toda produzida pronta pra assa aí´´",
    "HUHLL Õ…",
    "RETWEET SE VOCÊ…",
    "Join ZZAJÉ’s Official Fan List and receive news, events, and more!",
    "L’épisode 8 est trop fou ouahh",
    "Ôôô VIDA MINHA",
    "[x]\u00a0©",
    "2012—∞",
    "SENSЕ - Oleg Tsedryk",
    "OK??:(   `¬´    ):",
    "∆°",
    "ESSE CARA AI QUEM É¿",
    "SELKÄ\u00a0EDELLÄ\u00a0MAAHAN via @YouTube",
    "Offering 5×£35 pin ups",
    "NESTLÉ® requiere contratar personal para diferentes areas a nivel nacional e internacional",
    "Connect with Āø on Facebook",
    "C O N C L U S Ã O",
    "(-1/2)! = √π",
    "├┤a┼┐a┼┐a┼┐a┼┐a",
]


@pytest.mark.parametrize("text", FTFY_NEGATIVES)
def test_ftfy_negative_cases_are_left_alone(text):
    decoded, doc = decode(text.encode())
    assert decoded == text
    assert not any(c.rule == "mojibake" for c in doc.changes)


def test_c1_control_in_latin_text_is_read_as_cp1252():
    # ftfy's "mostly negative" case: only the C1 control is fixed.
    text = "beaucoup parlé\u0085 Tu sais"
    assert decode(text.encode())[0] == "beaucoup parlé… Tu sais"


def test_double_encoded_utf8_is_repaired():
    twice = "中国".encode().decode("latin-1").encode().decode("latin-1")
    assert decode(twice.encode())[0] == "中国"


def test_nfc_not_nfkc():
    text = "ＡＢＣ１２３，（全角）　ｶﾀｶﾅ ①"
    assert decode(text.encode())[0] == text
