"""The two original dumps, checked point by point against what their outputs must show."""

from __future__ import annotations

import re

import frontmatter
import pytest
from conftest import RAW, raw_html

from normalize import normalize_bytes

IMAGE = "http://www.mitbbs.com:8080/user/img/uploadIMG/news5/2021-05-08/pic6095e4f7255a6.jpg"


def output_of(pattern: str) -> str:
    (path,) = RAW.glob(pattern)
    return normalize_bytes(path.read_bytes(), name=path.name)


@pytest.fixture(scope="module")
def seed0() -> str:
    return output_of("000_*.txt")


@pytest.fixture(scope="module")
def seed2() -> str:
    return output_of("002_*.txt")


def test_seed0_front_matter(seed0):
    assert seed0.startswith("---\n")
    post = frontmatter.loads(seed0)
    meta = post.metadata
    assert list(meta) == [
        "title",
        "categories",
        "headimg",
        "author",
        "comments",
        "date",
        "thumbnail",
    ]
    assert meta["title"] == "中国驻比利时使馆回应_阿里巴巴涉嫌间谍活动_：毫无根据"
    assert meta["categories"] == ["新媒体", "未名新闻", "分类"]
    assert meta["author"] == "未名新闻"
    assert meta["comments"] is False
    assert meta["headimg"] == meta["thumbnail"] == IMAGE
    assert re.search(r"^date: 2021-05-07T21:12:54(Z|\+00:00)$", seed0, re.M)


def test_seed0_body(seed0):
    body = frontmatter.loads(seed0).content
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    text_paragraphs = [p for p in paragraphs if not p.startswith("![")]
    assert len(text_paragraphs) == 5  # four paragraphs and the caption
    for paragraph in text_paragraphs[:4]:
        assert paragraph.endswith("。"), paragraph[-20:]
    assert text_paragraphs[0].startswith("中国驻比利时使馆发布关于")
    assert text_paragraphs[4] == "中国驻比利时大使馆网站截图"
    assert re.search(r"^!\[[^\]]*\]\(" + re.escape(IMAGE) + r"\)$", body, re.M)
    for junk in ("Mitbbs", "adsbygoogle", "广告", "cors.zfour", "<", "|", "\u3000"):
        assert junk not in body, junk
    assert raw_html(body) == []
    assert not re.search(r"[ \t]$", seed0, re.M)
    assert "\n\n\n" not in seed0
    assert seed0.endswith("截图\n")


def test_seed2(seed2):
    post = frontmatter.loads(seed2)
    assert post.metadata == {
        "title": "《欧盟观察网》刊登中国驻比利时使馆批驳该网站有关 “中国生物间谍论”的信函"
    }
    body = post.content
    (raw,) = RAW.glob("002_*.txt")
    source = raw.read_text(encoding="utf-8")
    article = source[source.index("中国驻比利时使馆注意到") : source.index("Recent Posts")]
    expected_paragraphs = [line.strip() for line in article.splitlines() if line.strip()]
    assert [p for p in body.split("\n\n") if p.strip()] == expected_paragraphs
    for chrome in (
        "top of page",
        "bottom of page",
        "Recent Posts",
        "See All",
        "2025年",
        "布鲁塞尔时报",
    ):
        assert chrome not in seed2
    assert "《欧盟观察网》刊登" not in body  # the title is not repeated


@pytest.mark.parametrize("pattern", ["000_*.txt", "002_*.txt"])
def test_seeds_are_stable(pattern):
    first = output_of(pattern)
    assert normalize_bytes(first.encode()) == first
