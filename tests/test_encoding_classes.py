"""Encodings chardet reads right on its own must come out right through normalize too.

Text written here, encoded with Python's codecs: Czech, Slovak and Polish in
ISO-8859-2 with the letters windows-1250 puts elsewhere (š ť ž Ś Ź), Japanese
and Korean in ISO-2022 (7-bit, so valid UTF-8 too), Russian in KOI8-R, IBM866
and ISO-8859-5, Mac Roman, and RSS and Atom feeds in legacy encodings with
CDATA bodies. Each case is also decoded with chardet's own answer: a case
fails wherever normalize is wrong and chardet right.
"""

from __future__ import annotations

import unicodedata

import chardet
import pytest
from conftest import run_cli

from normalize import normalize_bytes
from normalize.document import Document
from normalize.filters.encoding import EncodingFilter

CZECH = (
    "Příliš žluťoučký kůň úpěl ďábelské ódy. Šťastný šofér řekl, že ťuká na okno. "
    "Šárka šla s Ťapkou do obchodu, kde koupila žluté švestky a šťavnaté broskve. "
    "Žádný člověk nemůže říct, že ten šťastný den byl špatný."
)
SLOVAK = (
    "Ťažký život na horách. Šťastie je krásne, ale žiaľ, Ľudovít Štúr písal o šťastí "
    "slovenského národa. Žltá ruža kvitne v záhrade a šťavnaté slivky visia na strome. "
    "Ťava šla púšťou a žena šila šaty."
)
POLISH = (
    "Ściśle tajne źródło wiadomości. Źle się dzieje, gdy śnieg pada w maju. "
    "Świat się śmieje, a Źdźbło trawy kołysze się na wietrze. Śląsk jest piękny, "
    "a żółta łódź płynie po jeziorze."
)
RUSSIAN = (
    "Съешь же ещё этих мягких французских булок, да выпей чаю. В чащах юга жил бы цитрус? "
    "Да, но фальшивый экземпляр! Широкая электрификация южных губерний даст мощный толчок "
    "подъёму сельского хозяйства."
)
JAPANESE = (
    "日本語の文章です。今日の東京は晴れ、気温は二十度でした。"
    "カタカナとひらがなと漢字を混ぜて書きます。ニュースを読みました。"
)
KOREAN = "한국어 문서입니다. 오늘 서울은 맑고 기온은 이십 도였습니다. 뉴스를 읽었습니다."
MAC_ROMAN = "The driver was written by Daniel Blanchard’s team for the trackpad.\n" * 3

CASES = [
    ("cs", CZECH, "iso-8859-2"),
    ("sk", SLOVAK, "iso-8859-2"),
    ("pl", POLISH, "iso-8859-2"),
    ("ja", JAPANESE, "iso2022_jp"),
    ("ko", KOREAN, "iso2022_kr"),
    ("ru-koi8", RUSSIAN, "koi8-r"),
    ("ru-866", RUSSIAN, "cp866"),
    ("ru-8859-5", RUSSIAN, "iso-8859-5"),
    ("ru-1251", RUSSIAN, "cp1251"),
    ("cs-1250", CZECH, "cp1250"),
]


def decoded(data: bytes) -> str:
    doc = Document.from_bytes(data)
    EncodingFilter().run(doc)
    return doc.body or ""


def by_chardet(data: bytes) -> str | None:
    label = chardet.detect(data)["encoding"]
    return data.decode(label, errors="replace") if label else None


@pytest.mark.parametrize(("text", "codec"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decoded_right(text, codec):
    data = text.encode(codec)
    assert decoded(data) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(
    ("text", "codec"),
    [c[1:] for c in CASES] + [(MAC_ROMAN, "mac_roman")],
    ids=[c[0] for c in CASES] + ["mac-roman"],
)
def test_right_wherever_chardet_alone_is(text, codec):
    data = text.encode(codec)
    if by_chardet(data) == text:
        assert decoded(data) == text


def test_latin2_letters_are_not_read_as_windows_1250():
    # In windows-1250 these bytes are other letters (š ť ž Ś Ź are 0x9A 0x9D 0x9E 0x8C 0x8F).
    data = CZECH.encode("iso-8859-2")
    assert data.decode("cp1250") != CZECH
    assert "š" in decoded(data) and "ť" in decoded(data)


def test_iso2022_is_read_before_utf8_and_its_escapes_kept():
    data = JAPANESE.encode("iso2022_jp")
    assert data.decode("utf-8")  # valid UTF-8 as well
    assert normalize_bytes(data, name="note.txt").strip() == JAPANESE


GBK_RSS = """<?xml version="1.0" encoding="gbk"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>机器人新闻</title>
<link>https://example.cn/</link>
<description>每日更新的新闻摘要</description>
<managingEditor>news@example.cn (新闻编辑部)</managingEditor>
<item>
<title>第一条：天气预报</title>
<link>https://example.cn/1</link>
<pubDate>Mon, 02 Jan 2023 08:00:00 +0800</pubDate>
<description><![CDATA[<p>明天<b>北京</b>晴，气温二十度。</p>]]></description>
</item>
<item>
<title>第二条：交通提示</title>
<link>https://example.cn/2</link>
<content:encoded><![CDATA[<p>地铁一号线周末停运。</p><p>请乘坐公交车。</p>]]></content:encoded>
<description>地铁一号线周末停运。</description>
</item>
</channel>
</rss>
"""

KOI8_ATOM = """<?xml version="1.0" encoding="koi8-r"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Заметки о погоде</title>
<link href="https://example.ru/" rel="alternate"/>
<entry>
<title>Снег в Москве</title>
<link href="https://example.ru/snow"/>
<updated>2023-01-02T08:00:00Z</updated>
<author><name>Иван</name></author>
<content type="html"><![CDATA[<p>Сегодня выпал <em>первый</em> снег.</p>]]></content>
</entry>
<entry>
<title>Оттепель</title>
<link href="https://example.ru/thaw"/>
<summary type="html">&lt;p&gt;Завтра будет тепло &amp;amp; сыро.&lt;/p&gt;</summary>
</entry>
</feed>
"""


@pytest.mark.parametrize(
    ("feed", "codec"), [(GBK_RSS, "gbk"), (KOI8_ATOM, "koi8-r")], ids=["rss-gbk", "atom-koi8"]
)
def test_a_feed_is_read_as_xml_and_loses_nothing(feed, codec):
    output = normalize_bytes(feed.encode(codec), name="feed.xml")
    assert "]]>" not in output and "CDATA" not in output
    assert normalize_bytes(output.encode("utf-8"), name="feed.md") == output  # stable
    if codec == "gbk":
        assert output.startswith("---\ntitle: 机器人新闻\n---\n")
        for words in (
            "每日更新的新闻摘要",
            "## [第一条：天气预报](https://example.cn/1)",
            "明天**北京**晴，气温二十度。",
            "## [第二条：交通提示](https://example.cn/2)",
            "地铁一号线周末停运。\n\n请乘坐公交车。",
            "Mon, 02 Jan 2023",
            "news@example.cn (新闻编辑部)",
        ):
            assert words in output
        assert output.count("地铁一号线周末停运") == 1  # the summary the content holds
    else:
        assert output.startswith("---\ntitle: Заметки о погоде\n---\n")
        for words in (
            "## [Снег в Москве](https://example.ru/snow)",
            "Иван",
            "Сегодня выпал *первый* снег.",
            "## [Оттепель](https://example.ru/thaw)",
            "Завтра будет тепло & сыро.",
        ):
            assert words in output


def test_a_feed_cut_off_inside_a_body_keeps_the_body():
    cut = KOI8_ATOM[: KOI8_ATOM.index("снег.</p>")]
    output = normalize_bytes(cut.encode("koi8-r"), name="feed.xml")
    assert "Сегодня выпал *первый*" in output
    assert normalize_bytes(output.encode("utf-8"), name="feed.md") == output


XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>页面</title></head>
<body><p>一段正文。</p></body></html>
"""


@pytest.mark.parametrize(
    "data",
    [GBK_RSS.encode("gbk"), KOI8_ATOM.encode("koi8-r"), XHTML.encode("utf-8")],
    ids=["rss", "atom", "xhtml"],
)
def test_no_library_warning_reaches_the_terminal(tmp_path, data):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    code, out, err = run_cli(str(path))
    assert code == 0 and out
    assert "Warning" not in err and err == ""
