"""unproxy: proxy wrappers and link redirectors come off URLs in HTML, Markdown and metadata."""

from __future__ import annotations

import base64

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from normalize.document import Document, Kind
from normalize.errors import ConfigError
from normalize.filters.unproxy import UnproxyFilter, Unwrapper, packaged_wrappers
from normalize.rules import load_rules

UNWRAP = Unwrapper(packaged_wrappers())


def unwrap(url: str) -> str:
    return UNWRAP.unwrap(url).url


def html_doc(html: str, metadata: dict | None = None) -> Document:
    return Document(body=html, kind=Kind.HTML, tree=BeautifulSoup(html, "lxml"), metadata=metadata)


def run_html(html: str, **options) -> tuple[BeautifulSoup, Document]:
    doc = html_doc(html)
    UnproxyFilter(options).run(doc)
    return doc.tree, doc


def run_markdown(body: str, **options) -> Document:
    doc = Document(body=body, kind=Kind.MARKDOWN)
    UnproxyFilter(options).run(doc)
    return doc


# --- the wrappers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrapped", "target"),
    [
        # the whole query is the URL, its own query string included
        (
            "https://cors.zfour.workers.dev/?http://pics.example.net/a.jpg?x=1&y=2",
            "http://pics.example.net/a.jpg?x=1&y=2",
        ),
        (
            "https://cors.zfour.workers.dev/?url=https%3A%2F%2Fpics.example.net%2Fb.png",
            "https://pics.example.net/b.png",
        ),
        (
            "//cors.zfour.workers.dev/?http://pics.example.net/c.gif",
            "http://pics.example.net/c.gif",
        ),
        (
            "https://cors-anywhere.herokuapp.com/http://pics.example.net/d?size=2",
            "http://pics.example.net/d?size=2",
        ),
        (
            "https://api.allorigins.win/raw?url=https%3A%2F%2Ffeeds.example.org%2Frss",
            "https://feeds.example.org/rss",
        ),
        (
            "https://api.allorigins.win/get?charset=utf-8&url=https%3A%2F%2Ffeeds.example.org%2Fatom",
            "https://feeds.example.org/atom",
        ),
        (
            "https://corsproxy.io/?https%3A%2F%2Fapi.example.org%2Fv1%3Fq%3D3",
            "https://api.example.org/v1?q=3",
        ),
        ("https://corsproxy.io/?https://api.example.org/v2", "https://api.example.org/v2"),
        (
            "https://corsproxy.io/?url=https://api.example.org/v3?k=v&z=9",
            "https://api.example.org/v3?k=v&z=9",
        ),
        (
            "https://api.codetabs.com/v1/proxy?quest=https://data.example.org/x.json",
            "https://data.example.org/x.json",
        ),
        (
            "https://thingproxy.freeboard.io/fetch/https://data.example.org/y",
            "https://data.example.org/y",
        ),
    ],
)
def test_cors_proxies_unwrap(wrapped, target):
    assert unwrap(wrapped) == target


@pytest.mark.parametrize(
    ("wrapped", "target"),
    [
        (
            "https://link.zhihu.com/?target=https%3A//docs.example.com/guide",
            "https://docs.example.com/guide",
        ),
        (
            "https://link.juejin.cn/?target=https%3A%2F%2Fgit.example.com%2Frepo",
            "https://git.example.com/repo",
        ),
        (
            "https://link.csdn.net/?target=https%3A%2F%2Fwiki.example.org%2FPage",
            "https://wiki.example.org/Page",
        ),
        (
            "https://www.jianshu.com/go-wild?ac=2&url=https%3A%2F%2Fdl.example.org%2Ftool.zip",
            "https://dl.example.org/tool.zip",
        ),
        (
            "https://www.google.com/url?q=http://answers.example.com/q/42&sa=D&ust=17",
            "http://answers.example.com/q/42",
        ),
        (
            "https://www.oschina.net/action/GoToLink?url=https%3A%2F%2Fblog.example.dev%2Fpost",
            "https://blog.example.dev/post",
        ),
        (
            "https://c.duomai.com/track.php?site_id=1&euid=&t=https%3A%2F%2Fshop.example.com%2Fitem%3Fid%3D7",
            "https://shop.example.com/item?id=7",
        ),
    ],
)
def test_redirectors_unwrap(wrapped, target):
    assert unwrap(wrapped) == target


def test_base64_redirector_is_decoded():
    target = "https://releases.example.org/v2.0?lang=zh#notes"
    payload = base64.b64encode(target.encode()).decode()
    url = f"http://iphone.myzaker.com/zaker/link.php?pk=abc123&b={payload}&bcode=ff00"
    assert unwrap(url) == target


def test_base64_payload_that_is_not_a_url_is_left_and_warned():
    payload = base64.b64encode(b"javascript:void(0)").decode()
    outcome = UNWRAP.unwrap(f"http://iphone.myzaker.com/zaker/link.php?b={payload}")
    assert not outcome.wrappers and outcome.failed


def test_proxy_wrapping_a_redirector():
    url = "https://cors.zfour.workers.dev/?https://link.zhihu.com/?target=https%3A//inner.example.org/p"
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == "https://inner.example.org/p"
    assert [w.kind for w in outcome.wrappers] == ["proxy", "redirector"]


def test_proxy_wrapping_a_proxy():
    url = "https://corsproxy.io/?https://cors-anywhere.herokuapp.com/http://deep.example.org/z"
    assert unwrap(url) == "http://deep.example.org/z"


def test_percent_encoding_is_decoded_exactly_once():
    # The target's own "%2F" (an encoded slash inside a query value) must survive.
    url = "https://corsproxy.io/?https%3A%2F%2Fsearch.example.org%2F%3Fq%3Da%252Fb"
    assert unwrap(url) == "https://search.example.org/?q=a%2Fb"


def test_raw_target_is_not_decoded():
    url = "https://cors.zfour.workers.dev/?http://pics.example.net/a%20b.jpg"
    assert unwrap(url) == "http://pics.example.net/a%20b.jpg"


def test_decoded_space_stays_escaped():
    url = "https://link.csdn.net/?target=https%3A%2F%2Fwiki.example.org%2Fmy%20page"
    assert unwrap(url) == "https://wiki.example.org/my%20page"


@pytest.mark.parametrize(
    "url",
    [
        "https://link.zhihu.com/?target=javascript%3Aalert(1)",
        "https://link.zhihu.com/?target=https%253A%252F%252Ftwice.example.org",  # encoded twice
        "https://cors-anywhere.herokuapp.com/noscheme.example.org/x",
        "https://api.allorigins.win/raw?url=ftp%3A%2F%2Ffiles.example.org%2F",
    ],
)
def test_non_http_targets_are_left_and_reported(url):
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url
    assert outcome.failed == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/?url=https%3A%2F%2Fother.example.org",  # not a known wrapper
        "https://cors.zfour.workers.dev/",  # the proxy itself, nothing wrapped
        "https://link.zhihu.com/question/123",  # a real page on a redirector host
        "https://www.google.com/search?q=https://example.org",  # search, not /url
        "https://notcorsproxy.io/?https://example.org/",  # a look-alike host
    ],
)
def test_other_urls_are_untouched(url):
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url and not outcome.wrappers and not outcome.failed


# --- where the filter looks in HTML ----------------------------------------------------


def test_every_url_attribute_is_rewritten():
    p = "https://cors.zfour.workers.dev/?"
    tree, _ = run_html(
        f'<img src="{p}http://i.example.net/1.jpg" data-src="{p}http://i.example.net/2.jpg"'
        f' data-original="{p}http://i.example.net/3.jpg" data-lazy-src="{p}http://i.example.net/4.jpg">'
        f'<video poster="{p}http://i.example.net/5.jpg"><source src="{p}http://v.example.net/6.mp4"></video>'
        f'<a href="{p}http://w.example.net/7">seven</a>'
    )
    html = str(tree)
    assert "cors.zfour" not in html
    for n in range(1, 8):
        assert f".example.net/{n}" in html


def test_srcset_candidates_keep_their_descriptors():
    p = "https://cors.zfour.workers.dev/?"
    tree, _ = run_html(
        f'<picture><source srcset="{p}http://i.example.net/a,w_300.jpg 1x,'
        f' {p}http://i.example.net/b.jpg 2x">'
        f'<img srcset="{p}http://i.example.net/c.jpg 480w,{p}http://i.example.net/d.jpg 960w">'
        "</picture>"
    )
    assert (
        tree.source["srcset"]
        == "http://i.example.net/a,w_300.jpg 1x, http://i.example.net/b.jpg 2x"
    )
    assert tree.img["srcset"] == "http://i.example.net/c.jpg 480w,http://i.example.net/d.jpg 960w"


def test_css_url_in_style():
    tree, _ = run_html(
        "<div style=\"background: url('https://cors.zfour.workers.dev/?http://i.example.net/bg.png')"
        ' no-repeat">x</div>'
    )
    assert tree.div["style"] == "background: url('http://i.example.net/bg.png') no-repeat"


def test_link_text_showing_the_wrapped_url_is_unwrapped():
    url = "https://link.juejin.cn/?target=https%3A%2F%2Frepo.example.org%2Fx"
    tree, _ = run_html(f'<p><a href="{url}">{url}</a></p>')
    assert tree.a["href"] == "https://repo.example.org/x"
    assert tree.a.get_text() == "https://repo.example.org/x"


def test_urls_inside_code_elements_are_left():
    url = "https://link.zhihu.com/?target=https%3A//example.org/doc"
    tree, _ = run_html(f"<pre><code>curl {url}</code></pre>")
    assert tree.code.get_text() == f"curl {url}"


def test_failures_are_logged_as_warnings():
    _, doc = run_html('<a href="https://link.zhihu.com/?target=mailto%3Ame%40example.org">mail</a>')
    assert [c.rule for c in doc.changes] == ["not unwrapped"]
    assert doc.changes[0].warning


def test_changes_are_logged():
    _, doc = run_html('<img src="https://cors.zfour.workers.dev/?http://i.example.net/x.jpg">')
    assert [(c.filter, c.rule) for c in doc.changes] == [("unproxy", "proxy")]
    assert "i.example.net/x.jpg" in doc.changes[0].detail


# --- Markdown and text bodies ------------------------------------------------------------


def test_markdown_links_images_autolinks_and_definitions():
    body = (
        'See [the docs](https://link.zhihu.com/?target=https%3A//docs.example.org/a "Docs").\n\n'
        "![chart](https://cors.zfour.workers.dev/?http://i.example.net/chart.png)\n\n"
        "<https://link.csdn.net/?target=https%3A%2F%2Fauto.example.org%2F>\n\n"
        "[ref]: https://www.google.com/url?q=https://ref.example.org/page&sa=D\n"
    )
    doc = run_markdown(body)
    assert doc.body == (
        'See [the docs](https://docs.example.org/a "Docs").\n\n'
        "![chart](http://i.example.net/chart.png)\n\n"
        "<https://auto.example.org/>\n\n"
        "[ref]: https://ref.example.org/page\n"
    )


def test_markdown_code_is_left_alone():
    url = "https://link.zhihu.com/?target=https%3A//example.org/x"
    body = f"Inline `{url}` stays.\n\n```\nwget {url}\n```\n\n    {url}\n"
    assert run_markdown(body).body == body


def test_markdown_url_followed_by_punctuation():
    body = "Read https://link.zhihu.com/?target=https%3A//example.org/p. Then go on."
    assert run_markdown(body).body == "Read https://example.org/p. Then go on."


def test_text_body_urls_are_rewritten():
    doc = Document(
        body="mirror: https://cors-anywhere.herokuapp.com/http://files.example.org/a.tgz\n",
        kind=Kind.TEXT,
    )
    UnproxyFilter().run(doc)
    assert doc.body == "mirror: http://files.example.org/a.tgz\n"


# --- metadata ------------------------------------------------------------------------------


def test_metadata_strings_are_rewritten_everywhere():
    metadata = {
        "thumbnail": "https://cors.zfour.workers.dev/?http://i.example.net/t.jpg",
        "gallery": ["https://cors.zfour.workers.dev/?http://i.example.net/g1.jpg", 3],
        "source": {"links": ["see https://link.zhihu.com/?target=https%3A//src.example.org/"]},
        "title": "A title",
    }
    doc = Document(body="text", kind=Kind.MARKDOWN, metadata=metadata)
    UnproxyFilter().run(doc)
    assert doc.metadata == {
        "thumbnail": "http://i.example.net/t.jpg",
        "gallery": ["http://i.example.net/g1.jpg", 3],
        "source": {"links": ["see https://src.example.org/"]},
        "title": "A title",
    }


def test_metadata_is_rewritten_with_an_html_body_too():
    doc = html_doc(
        "<p>x</p>", {"headimg": "https://cors.zfour.workers.dev/?http://i.example.net/h.jpg"}
    )
    UnproxyFilter().run(doc)
    assert doc.metadata["headimg"] == "http://i.example.net/h.jpg"


def test_no_metadata_is_fine():
    doc = Document(body="plain", kind=Kind.TEXT, metadata=None)
    UnproxyFilter().run(doc)
    assert doc.body == "plain" and doc.metadata is None and not doc.changes


# --- configuration ---------------------------------------------------------------------------


def test_redirectors_can_be_switched_off():
    body = "[a](https://link.zhihu.com/?target=https%3A//example.org/) ![b](https://corsproxy.io/?https://i.example.org/b.png)"
    assert run_markdown(body, redirectors=False).body == (
        "[a](https://link.zhihu.com/?target=https%3A//example.org/) ![b](https://i.example.org/b.png)"
    )


def test_config_adds_proxies_and_redirectors():
    body = "![x](https://img.myproxy.example/fetch?src=https%3A%2F%2Fi.example.org%2Fx.png) [y](https://out.example/go/https://y.example.org/)"
    doc = run_markdown(
        body,
        proxies=["https://img.myproxy.example/fetch?src={url}"],
        extra_redirectors=["https://out.example/go/{url}"],
    )
    assert doc.body == "![x](https://i.example.org/x.png) [y](https://y.example.org/)"


def test_bad_template_is_a_config_error():
    with pytest.raises(ConfigError, match="template"):
        UnproxyFilter({"proxies": ["https://no-placeholder.example/"]})


def test_rule_files_load_as_fresh_copies():
    first = load_rules("unproxy")
    first["proxies"].clear()
    assert load_rules("unproxy")["proxies"]


@pytest.mark.parametrize(
    "url, target",
    [
        (
            "https://images.weserv.nl/?url=https://img.example.org/a.png",
            "https://img.example.org/a.png",
        ),
        ("https://i0.wp.com/blog.example.org/p.jpg", "https://blog.example.org/p.jpg"),
    ],
)
def test_image_cdns_are_opt_in(url, target):
    body = f"![x]({url})\n"
    assert run_markdown(body).body == body
    assert run_markdown(body, image_cdns=True).body == f"![x]({target})\n"


# --- audit: each form with its look-alikes ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://cors-anywhere.herokuapp.com/",  # each proxy's own page, nothing wrapped
        "https://thingproxy.freeboard.io/fetch/",
        "https://api.codetabs.com/v1/proxy?quest=",
        "https://api.allorigins.win/raw?charset=utf-8",
        "https://api.allorigins.win/",
        "https://corsproxy.io/",
        "https://corsproxy.io/docs/?lang=en",
        "https://cors-anywhere.herokuapp.com.example.net/http://h.example.org/",  # look-alike
        "https://thingproxy.freeboard.io/status",
        "https://link.zhihu.com/?target=",  # redirector with nothing in it
        "https://www.jianshu.com/p/0a1b2c3d",  # an article on a redirector's host
        "https://www.google.com/url?sa=t&source=web",  # no q=
        "https://link.csdn.net/",
        "https://example.org/zaker/link.php?b=aHR0cDovL2guZXhhbXBsZS8=",  # base64 elsewhere
    ],
)
def test_wrapper_look_alikes_are_untouched_and_not_reported(url):
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url and not outcome.wrappers and not outcome.failed


def test_encoded_target_keeps_its_own_query_and_drops_the_proxys():
    url = (
        "https://cors.zfour.workers.dev/?url=https%3A%2F%2Fh.example.org%2Fa%3Fx%3D1%26y%3D2&ttl=60"
    )
    assert unwrap(url) == "https://h.example.org/a?x=1&y=2"


def test_each_layer_is_decoded_once():
    inner = "https%3A%2F%2Fh.example.org%2Fq%253D1"  # the target's own "%3D" encoded again
    layer = f"https://api.allorigins.win/raw?url={inner}"
    url = "https://corsproxy.io/?url=" + layer.replace("%", "%25").replace(":", "%3A").replace(
        "/", "%2F"
    ).replace("?", "%3F").replace("=", "%3D")
    assert unwrap(url) == "https://h.example.org/q%3D1"


def test_scheme_relative_target_is_not_absolute():
    url = "https://cors.zfour.workers.dev/?url=//h.example.org/a.png"
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url and outcome.failed == url


def test_wrapped_too_deep_is_left_and_reported():
    url = "https://h.example.org/x"
    for _ in range(7):
        url = "https://cors.zfour.workers.dev/?" + url
    outcome = UNWRAP.unwrap(url)
    assert outcome.failed and outcome.url.endswith("?https://h.example.org/x")


@pytest.mark.parametrize(
    "payload",
    ["%%%not-base64", base64.b64encode("纯文本，不是网址".encode()).decode(), "aHR0cA"],
)
def test_base64_payloads_that_are_not_urls_are_reported(payload):
    url = f"http://iphone.myzaker.com/zaker/link.php?pk=1&b={payload}"
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url and outcome.failed == url


def test_base64_payload_with_encoded_padding():
    payload = base64.b64encode(b"http://h.example.org/a?x=1").decode().replace("=", "%3D")
    assert unwrap(f"http://iphone.myzaker.com/zaker/link.php?b={payload}") == (
        "http://h.example.org/a?x=1"
    )


def test_image_cdns_switched_on_leave_other_urls():
    body = "![x](https://images.weserv.nl/?w=300) ![y](https://i0.wp.com/)\n"
    assert run_markdown(body, image_cdns=True).body == body


def test_relative_and_plain_attributes_are_untouched():
    html = (
        '<a href="#top" title="https://cors.zfour.workers.dev/?http://i.example.net/t.jpg is a'
        ' proxy">top</a><img src="/img/a.jpg" srcset="/img/a.jpg 1x, /img/b.jpg 2x" alt="a">'
    )
    tree, doc = run_html(html)
    assert str(tree.body) == str(BeautifulSoup(html, "lxml").body)
    assert not doc.changes


def test_markdown_link_whose_text_is_the_wrapped_url():
    url = "https://link.zhihu.com/?target=https%3A//docs.example.org/a"
    doc = run_markdown(f"[{url}]({url})\n")
    assert doc.body == "[https://docs.example.org/a](https://docs.example.org/a)\n"


def test_markdown_definition_in_angle_brackets_with_a_title():
    doc = run_markdown('[r]: <https://link.zhihu.com/?target=https%3A//d.example.org/a> "Doc"\n')
    assert doc.body == '[r]: <https://d.example.org/a> "Doc"\n'


def test_raw_html_in_a_markdown_body():
    p = "https://cors.zfour.workers.dev/?"
    doc = run_markdown(
        f'Text.\n\n<img src="{p}http://i.example.net/a.png" srcset="{p}http://i.example.net/b.png 2x">\n'
    )
    assert doc.body == (
        'Text.\n\n<img src="http://i.example.net/a.png" srcset="http://i.example.net/b.png 2x">\n'
    )


def test_markdown_prose_naming_a_proxy_host_is_untouched():
    body = "We tried cors.zfour.workers.dev and link.zhihu.com; see [the list](https://example.org/).\n"
    doc = run_markdown(body)
    assert doc.body == body and not doc.changes


def test_metadata_that_only_mentions_a_proxy_host_is_untouched():
    metadata = {
        "title": "Why cors-anywhere.herokuapp.com went private",
        "tags": ["corsproxy.io", {"name": "link.zhihu.com"}],
        "date": 20240101,
        "draft": False,
    }
    doc = Document(body="x", kind=Kind.MARKDOWN, metadata=metadata)
    UnproxyFilter().run(doc)
    assert doc.metadata == {
        "title": "Why cors-anywhere.herokuapp.com went private",
        "tags": ["corsproxy.io", {"name": "link.zhihu.com"}],
        "date": 20240101,
        "draft": False,
    }
    assert not doc.changes


def test_metadata_lists_of_maps_are_rewritten():
    doc = Document(
        body="x",
        kind=Kind.MARKDOWN,
        metadata={"photos": [{"src": "https://corsproxy.io/?https%3A%2F%2Fi.example.org%2F1.jpg"}]},
    )
    UnproxyFilter().run(doc)
    assert doc.metadata == {"photos": [{"src": "https://i.example.org/1.jpg"}]}


def test_unparseable_target_is_named_with_verbose(cli, tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "[mail](https://link.zhihu.com/?target=mailto%3Ame%40example.org)\n", encoding="utf-8"
    )
    code, out, err = cli("-v", str(post))
    assert code == 0
    assert out.decode() == "[mail](https://link.zhihu.com/?target=mailto%3Ame%40example.org)\n"
    assert "unproxy: not unwrapped: https://link.zhihu.com/?target=mailto" in err
    code, _, quiet = cli(str(post))
    assert code == 0 and "unproxy" not in quiet


@pytest.mark.parametrize(
    ("wrapped", "target"),
    [
        (
            "https://cloudflare-cors-anywhere.someone.workers.dev/?https://api.example.org/v1",
            "https://api.example.org/v1",
        ),
        ("https://proxy.cors.sh/https://api.example.org/v2", "https://api.example.org/v2"),
        (
            "https://links.jianshu.com/go?to=https%3A%2F%2Fdocs.example.org%2Fa%3Fb%3D1",
            "https://docs.example.org/a?b=1",
        ),
        ("https://link.jianshu.com/?t=http://docs.example.org/c", "http://docs.example.org/c"),
        (
            "https://link.juejin.im/?target=https%3A%2F%2Fgit.example.org%2Fr",
            "https://git.example.org/r",
        ),
        (
            "https://cloud.tencent.com/developer/tools/blog-entry?target=https%3A%2F%2Fdocs.example.org%2F&objectId=1&objectType=1",
            "https://docs.example.org/",
        ),
        (
            "https://c.pc.qq.com/middlem.html?pfurl=https%3A%2F%2Fdocs.example.org%2Fq",
            "https://docs.example.org/q",
        ),
        (
            "https://www.google.com.hk/url?sa=t&rct=j&q=&esrc=s&url=http%3a%2f%2fdocs%2eexample%2eorg%2f",
            "http://docs.example.org/",
        ),
        (
            "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fdocs.example.org%2F&data=x",
            "https://docs.example.org/",
        ),
        (
            "https://away.vk.com/away.php?to=https%3A%2F%2Fdocs.example.org%2F",
            "https://docs.example.org/",
        ),
    ],
)
def test_wrappers_seen_in_the_wild(wrapped, target):
    assert unwrap(wrapped) == target


@pytest.mark.parametrize(
    "url",
    [
        "https://my-app.someone.workers.dev/?page=2",  # a worker app, not a proxy
        "https://my-app.someone.workers.dev/api?https://api.example.org/",  # not the root query
        "https://cloud.tencent.com/developer/article/1234567",
        "https://www.google.com.hk/search?q=https://example.org",
    ],
)
def test_their_look_alikes_stay(url):
    outcome = UNWRAP.unwrap(url)
    assert outcome.url == url and not outcome.failed


# --- tracking parameters ----------------------------------------------------------

FILTER = UnproxyFilter()


def clean(url: str) -> str:
    return FILTER.unwrapper.clean(url).url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://xz.example.cn/t/4067?spm=5176.1.0.i1.2b&alichlgref="
            "https://link.csdn.net/?target=https%3A%2F%2Fxz.example.cn%2Ft%2F4067",
            "https://xz.example.cn/t/4067",
        ),
        ("https://a.example/p/1?utm_source=rss&utm_medium=feed#top", "https://a.example/p/1#top"),
        ("https://a.example/p/1?id=3&fbclid=IwAR0x&lang=en", "https://a.example/p/1?id=3&lang=en"),
        ("https://a.example/p/1.html?from=timeline&isappinstalled=0", "https://a.example/p/1.html"),
        (  # a redirector in a content parameter: taken off, the encoding kept
            "https://s.example/to?url=https%3A%2F%2Flink.zhihu.com%2F%3Ftarget%3D"
            "https%253A%2F%2Fb.example%2Fx&lang=zh",
            "https://s.example/to?url=https%3A%2F%2Fb.example%2Fx&lang=zh",
        ),
    ],
)
def test_tracking_parameters_and_nested_redirectors_are_taken_off(url, expected):
    assert clean(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://search.example/find?q=tides&from=2019-01-01&page=2",  # `from` as content
        "https://translate.example/t?from=en&to=zh",
        "https://bbs.example/forum.php?mod=viewthread&tid=91&from=share",  # a script's parameter
        "https://a.example/?from=share",  # the root: `from` may choose the page
        "https://t.example/index.php?/archives/12/&utm_source=x",  # a path in the query
        "https://a.example/p/1?q=utm_source",  # a parameter's value, not its name
    ],
)
def test_parameters_that_may_be_content_are_kept(url):
    assert clean(url) == url


def test_tracking_parameters_are_dropped_from_html_links_and_logged():
    tree, doc = run_html('<a href="https://a.example/p?id=1&amp;utm_campaign=x">p</a>')
    assert tree.a["href"] == "https://a.example/p?id=1"
    assert [str(c) for c in doc.changes] == [
        "unproxy: tracking: utm_campaign: https://a.example/p?id=1"
    ]


def test_in_authored_markdown_only_the_url_changes():
    body = (
        'Read [the *post*](https://a.example/p/1?utm_source=x&id=2 "Title")  \n'
        "and `https://a.example/p/1?utm_source=x` in code.\n"
    )
    doc = run_markdown(body)
    assert doc.body == body.replace("?utm_source=x&id=2", "?id=2", 1)


def test_tracking_can_be_switched_off():
    tree, _ = run_html('<a href="https://a.example/p?utm_source=x">p</a>', tracking=False)
    assert tree.a["href"] == "https://a.example/p?utm_source=x"


# --- finding a URL's wrappers by its host ------------------------------------------

ALL_WRAPPERS = Unwrapper(packaged_wrappers(True, True))
HOSTS = sorted({w.host for w in ALL_WRAPPERS.wrappers})


@st.composite
def urls_near_wrappers(draw) -> str:
    """URLs on a wrapper's host, a subdomain of it, or a host that only looks alike."""
    host = draw(st.sampled_from(HOSTS))
    host = draw(st.sampled_from([host, f"www.{host}", f"a.b.{host}", f"x{host}", host.upper()]))
    host = draw(st.sampled_from([host, f"user@{host}", f"{host}:8080", f"{host}."]))
    path = draw(st.sampled_from(["/", "/url", "/go-wild", "/link2/", "/?", "/url?q=", "/x?url="]))
    target = draw(
        st.sampled_from(["http://a.com/b", "https%3A%2F%2Fa.com", "", "aHR0cDovL2EuY29t"])
    )
    return f"{draw(st.sampled_from(['https:', 'http:', '']))}//{host}{path}{target}"


@given(urls_near_wrappers())
def test_a_url_is_tried_against_the_wrappers_of_its_host_in_rule_order(url):
    expected = [(w, w.extract(url)) for w in ALL_WRAPPERS.wrappers if w.extract(url) is not None]
    wrappers, rest = ALL_WRAPPERS.wrappers_of(url)
    found = [(w, w.extract_rest(rest)) for w in wrappers if w.extract_rest(rest) is not None]
    assert found == expected


def _tracking():
    return UnproxyFilter().unwrapper.tracking


_KEY_PIECES = st.sampled_from(
    ["?", "&", ";", "&amp;", "UTM_", "utm_source", "fbclid", "spm", "from", "x", " ", "=1"]
)


@given(st.lists(_KEY_PIECES | st.text(max_size=3), max_size=12).map("".join))
@example("/a?x=1&amp;utm_source=feed")
@example("/a?x=1&FBCLID=2")
@example("/a?utm_medium=x")
@example("/a?x=1&amp;page=2")
def test_the_quick_tracking_search_finds_a_name_after_a_mark_as_a_look_for_each_did(text):
    tracking = _tracking()
    keys = [*tracking.names, *tracking.prefixes, *tracking.values]
    each = "?" in text and any(f"{m}{k}" in text.lower() for k in keys for m in "?&;")
    assert tracking.mentions(text) == each
