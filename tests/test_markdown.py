"""HTML and plain text to Markdown: the `markdown` filter and `convert_tree`."""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup
from conftest import MD, raw_html

from normalize.convert.code import close_open_pres, protect_pre_text
from normalize.convert.converter import convert_tree
from normalize.convert.escaping import escape_text_line
from normalize.convert.plaintext import split_title, text_to_markdown
from normalize.convert.tags import is_pre_element
from normalize.document import Document, Kind
from normalize.filters.markdown import MarkdownFilter
from normalize.filters.tidy import TidyFilter, tidy_markdown


def render(text: str) -> str:
    return MD.render(text)


def code_blocks(text: str) -> list[tuple[str, str]]:
    return [(t.info, t.content) for t in MD.parse(text) if t.type == "fence"]


def assert_stable(out: str) -> None:
    """No raw HTML, tidy already, and a second run changes nothing."""
    assert not raw_html(out), raw_html(out)
    body = out + "\n" if out else ""
    assert tidy_markdown(body) == body
    doc = Document(body=body, kind=Kind.MARKDOWN)
    MarkdownFilter().run(doc)
    TidyFilter().run(doc)
    assert doc.body == body
    assert doc.changes == []


def convert(fragment: str) -> str:
    out = convert_tree(BeautifulSoup(fragment, "lxml"))
    assert_stable(out)
    return out


# --- blocks -------------------------------------------------------------------


def test_atx_headings():
    out = convert("<h1>Release notes</h1><p>Intro.</p><h3>细节 <em>说明</em></h3>")
    assert out == "# Release notes\n\nIntro.\n\n### 细节 *说明*"


def test_heading_with_trailing_hash_stays_text():
    out = convert("<h2>Issue #</h2>")
    assert "<h2>Issue #</h2>" in render(out)


def test_bullets_use_dash_and_nest():
    out = convert("<ul><li>苹果</li><li>pear<ul><li>inner</li></ul></li></ul>")
    assert out == "- 苹果\n- pear\n  - inner"


def test_list_directly_inside_list_nests_under_previous_item():
    out = convert("<ul><li>outer</li><ul><li>inner</li></ul><li>next</li></ul>")
    assert out == "- outer\n  - inner\n- next"
    assert "<li>outer\n<ul>\n<li>inner</li>" in render(out)


def test_ordered_list_keeps_start():
    out = convert('<ol start="7"><li>seven</li><li>eight</li></ol>')
    assert out == "7. seven\n8. eight"


def test_blockquote_with_paragraphs():
    out = convert("<blockquote><p>第一段</p><p>second</p></blockquote>")
    assert out == "> 第一段\n>\n> second"


# --- code -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "lang"),
    [
        ('<pre><code class="language-python">x = 1</code></pre>', "python"),
        ('<pre class="lang-js">x = 1</pre>', "js"),
        ('<pre class="prettyprint lang-go">x := 1</pre>', "go"),
        ('<pre class="brush: ruby;">x = 1</pre>', "ruby"),
        ('<div class="highlight-rust notranslate"><pre>let x = 1;</pre></div>', "rust"),
        ('<pre data-lang="sql">select 1</pre>', "sql"),
        ('<pre><code data-lang="bash">ls</code></pre>', "bash"),
        ('<pre class="prettyprint">ls</pre>', ""),
    ],
)
def test_code_language(fragment, lang):
    out = convert(fragment)
    assert [info for info, _ in code_blocks(out)] == [lang]


def test_fence_longer_than_backticks_inside():
    out = convert("<pre>run ```inner``` and ````more````</pre>")
    assert out.startswith("`````\n")
    assert code_blocks(out)[0][1] == "run ```inner``` and ````more````\n"


def test_pre_keeps_every_character():
    source = "  lead  \n\tTab\t\n\n\nafter blanks &lt;x&gt; *not* _em_ \\"
    out = convert(f"<pre>{source}</pre>")
    assert code_blocks(out)[0][1] == html.unescape(source) + "\n"


def test_br_in_pre_is_a_newline_without_trailing_spaces():
    out = convert("<pre>one<br>two<br>\nthree</pre>")
    assert code_blocks(out)[0][1] == "one\ntwo\nthree\n"


def test_hard_break_spaces_before_br_in_pre_are_dropped():
    out = convert("<pre>FROM alpine  <br>RUN make\t<br>\nkeep  \nend</pre>")
    assert code_blocks(out)[0][1] == "FROM alpine\nRUN make\nkeep  \nend\n"


def test_pseudo_tags_in_pre_are_written_back():
    out = convert("<pre>FROM <base image>\nRUN make</pre>")
    assert code_blocks(out)[0][1] == "FROM <base image>\nRUN make\n"


def test_protect_pre_text_keeps_case_of_pasted_xml():
    source = (
        '<pre class="x"><dependency><groupId>org.demo</groupId></dependency>'
        "<br>List<String> xs;</pre>"
    )
    out = convert(protect_pre_text(source))
    assert code_blocks(out)[0][1] == (
        "<dependency><groupId>org.demo</groupId></dependency>\nList<String> xs;\n"
    )


def test_inline_code_with_backticks():
    out = convert("<p>Use <code>a`b</code> here</p>")
    assert "<code>a`b</code>" in render(out)


def test_adjacent_code_spans_do_not_run_together():
    out = convert("<p>Call <code>get</code><code>Item</code> to copy</p>")
    assert render(out) == "<p>Call <code>getItem</code> to copy</p>\n"


def test_adjacent_keys_stay_keys():
    out = convert("<p>Press <kbd>Ctrl</kbd><kbd>C</kbd> to copy</p>")
    assert render(out) == "<p>Press <kbd>Ctrl</kbd><kbd>C</kbd> to copy</p>\n"


def test_code_block_inside_list_item():
    out = convert('<ul><li>step<pre class="lang-sh">make\n\n  install</pre></li></ul>')
    tokens = MD.parse(out)
    assert [t.type for t in tokens][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert code_blocks(out) == [("sh", "make\n\n  install\n")]


# --- <br> -------------------------------------------------------------------------


def test_double_br_is_a_paragraph_break():
    out = convert("<div>First part.<br><br>Second part.<br> \n <br>Third.</div>")
    assert out == "First part.\n\nSecond part.\n\nThird."


def test_single_br_is_a_backslash_hard_break():
    out = convert("<p>床前明月光<br>疑是地上霜</p>")
    assert out == "床前明月光\\\n疑是地上霜"
    assert render(out) == "<p>床前明月光<br />\n疑是地上霜</p>\n"


def test_br_at_block_edges_and_between_blocks_is_dropped():
    out = convert("<div><br>Start<br></div><br><p><br>Next<br></p><br>")
    assert out == "Start\n\nNext"


def test_dockone_style_br_paragraphs():
    fragment = (
        "<div>\n<br>开头一段，介绍背景。<br>\n<h3>小标题</h3>正文第一段。<br>\n<br>正文第二段。<br>\n"
        '<pre class="prettyprint">echo one  <br>\necho two  <br>\n</pre><br>\n结尾。</div>'
    )
    out = convert(fragment)
    assert out == (
        "开头一段，介绍背景。\n\n### 小标题\n\n正文第一段。\n\n正文第二段。\n\n"
        "```\necho one\necho two\n```\n\n结尾。"
    )


# --- whitespace and CJK ---------------------------------------------------------------


def test_no_space_between_cjk_when_lines_join():
    out = convert("<p>第一行文字\n第二行文字\n<b>加粗</b>\n结尾</p>")
    assert out == "第一行文字第二行文字**加粗**结尾"


def test_latin_line_breaks_become_spaces():
    out = convert("<p>first line\nsecond line\n中文\nEnglish</p>")
    assert out == "first line second line 中文 English"


def test_ideographic_and_nbsp_indents_dropped():
    out = convert("<p>\n　　段落开头有缩进。</p><p>&nbsp;&nbsp;Indented by spaces.</p>")
    assert out == "段落开头有缩进。\n\nIndented by spaces."


def test_no_trailing_spaces_or_blank_runs():
    out = convert("<div>  <p>a  </p>\n\n\n   <p>  b</p>  <br>  <br>  <p>c</p></div>")
    assert out == "a\n\nb\n\nc"


# --- emphasis next to punctuation -----------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "tag", "inner"),
    [
        ("<p><strong>注意：</strong>正文内容</p>", "strong", "注意"),
        ("<p>他说<strong>“你好”</strong>然后走了</p>", "strong", "你好"),
        ("<p><em>（注）</em>补充说明</p>", "em", "注"),
        ("<p>前文<b><a href='https://ex.com/'>链接</a></b>后文</p>", "strong", "链接"),
        ("<p><strong>警告：<em>危险！</em></strong>请勿靠近</p>", "em", "危险"),
        ("<p>Read <strong>this:</strong>now</p>", "strong", "this"),
        ("<p><del>旧价格：</del>新价格</p>", "s", "旧价格"),
    ],
)
def test_emphasis_next_to_punctuation_renders(fragment, tag, inner):
    out = convert(fragment)
    rendered = render(out)
    assert re.search(f"<{tag}>[^<]*{inner}", rendered), (out, rendered)
    assert "*" not in rendered and "~" not in rendered


def test_cjk_bold_written_so_commonmark_reads_it():
    out = convert("<p><strong>注意：</strong>正文</p>")
    assert out == "**注意**：正文"
    assert render(out) == "<p><strong>注意</strong>：正文</p>\n"


def test_bold_closing_after_a_link_with_emphasis_inside_moves_before_it():
    # the link (with its own emphasis) moves out of the bold span, which must close before it
    out = convert('<p><b>看<a href="/x">“<i>链接</i>”</a></b>正文，<i>\\[a\\]</i>。</p>')
    assert out == "**看**[“*链接*”](/x)正文，*\\\\\\[a\\\\\\]*。"
    assert render(out) == (
        '<p><strong>看</strong><a href="/x">“<em>链接</em>”</a>正文，<em>\\[a\\]</em>。</p>\n'
    )


def test_adjacent_bold_spans_merge():
    out = convert("<p><b>一</b><b>二</b>三</p>")
    assert render(out) == "<p><strong>一二</strong>三</p>\n"


# --- escaping ---------------------------------------------------------------------------


def test_no_over_escaping():
    out = convert(
        "<p>snake_case, a_b_c, 2 * 3 = 6, C:\\path, x &gt; y, "
        '<a href="https://ex.com/a_b*c?x=1&amp;y=2">link_text</a></p>'
    )
    assert "\\" not in out.replace("C:\\path", "")
    assert 'href="https://ex.com/a_b*c?x=1&amp;y=2"' in render(out)


@pytest.mark.parametrize(
    "text",
    [
        "*not emphasis*",
        "_nor this_",
        "# not a heading",
        "1. not a list",
        "2) nor this",
        "- not a bullet",
        "+ plus",
        "> not a quote",
        "---",
        "===",
        "```",
        "~~~",
        "~~not struck~~",
        "[not](a-link)",
        "![not](an-image)",
        "<div>not html</div>",
        "&amp; stays as typed",
        "`not code`",
        "back\\slash\\*",
        "| not | a table |",
    ],
)
def test_markdown_lookalike_text_stays_text(text):
    out = convert(f"<p>{html.escape(text)}</p>")
    assert html.unescape(re.sub(r"</?p>\n?", "", render(out))) == text


def test_lookalike_after_hard_break_is_escaped():
    out = convert("<p>line one<br># two<br>- three</p>")
    assert render(out) == "<p>line one<br />\n# two<br />\n- three</p>\n"


# --- links and images -------------------------------------------------------------------


def test_lazy_image_sources_and_alt():
    out = convert(
        '<img data-original="https://img.ex/a.jpg" alt="图一">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="https://img.ex/b.png">'
        '<img src="https://img.ex/real.jpg" data-original="https://img.ex/orig.jpg">'
    )
    assert (
        out == "![图一](https://img.ex/a.jpg)![](https://img.ex/b.png)![](https://img.ex/real.jpg)"
    )


def test_zaker_style_image_box():
    out = convert(
        '<p>段落一。</p><div class="img_box"><div class="content_img_div">'
        '<img class="lazy opacity_0" data-original="http://img.ex/1.jpg" src="http://proxy.ex/?http://img.ex/1.jpg">'
        "</div></div>段落二。<p></p>"
    )
    assert out == "段落一。\n\n![](http://proxy.ex/?http://img.ex/1.jpg)\n\n段落二。"


def test_destinations_with_spaces_or_parentheses():
    out = convert(
        '<a href="https://ex.com/a b">sp</a> <a href="https://ex.com/wiki/Foo_(bar)">par</a>'
        '<img src="/img/my pic (1).png" alt="x">'
    )
    rendered = render(out)
    assert 'href="https://ex.com/a%20b"' in rendered
    assert 'href="https://ex.com/wiki/Foo_(bar)"' in rendered
    assert 'src="/img/my%20pic%20(1).png"' in rendered


def test_script_links_reduced_to_text_and_empty_anchors_dropped():
    out = convert(
        '<p><a href="javascript:void(0)">点我</a> <a href="VBScript:x">vb</a>'
        '<a href="https://ex.com/"></a><a name="top"></a> end</p>'
    )
    assert out == "点我 vb end"


def test_link_title_and_autolink():
    out = convert(
        '<a href="https://ex.com/" title="A &quot;title&quot;">t</a> <a href="https://ex.com/x">https://ex.com/x</a>'
    )
    assert out == '[t](https://ex.com/ "A \\"title\\"") <https://ex.com/x>'


# --- dropped and unknown tags -------------------------------------------------------------


def test_script_style_noscript_template_dropped():
    out = convert(
        "<p>keep</p><script>var a = 1;</script><style>p{}</style>"
        "<noscript>enable js</noscript><template><p>tpl</p></template><p>also</p>"
    )
    assert out == "keep\n\nalso"


def test_definition_list_stays_html_with_markdown_inside():
    out = convert("<dl><dt>术语</dt><dd>解释<br><br>more</dd></dl>")
    assert out == "<dl>\n<dt>术语</dt>\n<dd>\n\n解释\n\nmore\n\n</dd>\n</dl>"
    assert (
        render(out).strip() == "<dl>\n<dt>术语</dt>\n<dd>\n<p>解释</p>\n<p>more</p>\n</dd>\n</dl>"
    )


def test_unknown_tags_reduced_to_content():
    out = convert(
        "<custom-card><span>卡片</span></custom-card><font color='red'>红字</font>"
        "<center>居中</center><o:p>word</o:p><u>under</u>"
    )
    assert out == "卡片红字\n\n居中\n\nword<u>under</u>"


# --- tables and figures -------------------------------------------------------------------


def test_single_cell_layout_table_unwrapped():
    out = convert("<table><tr><td><p>只是排版</p></td></tr></table><p>正文</p>")
    assert out == "只是排版\n\n正文"


def test_layout_table_with_block_cells_unwrapped():
    out = convert("<table><tr><td><p>左栏</p></td><td><ul><li>右栏</li></ul></td></tr></table>")
    assert out == "左栏\n\n- 右栏"
    assert "<table>" not in render(out)


def test_cells_of_a_nested_table_are_not_the_outer_tables():
    # the outer table has one cell of its own (layout); the inner one is data
    out = convert("<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>")
    assert out == "| a | b |\n| --- | --- |"


def test_data_table_as_gfm_with_pipes_escaped():
    out = convert(
        "<table><thead><tr><th>名称</th><th>值</th></tr></thead>"
        "<tbody><tr><td>a|b</td><td><code>x | y</code></td></tr>"
        "<tr><td colspan='2'>合并</td></tr></tbody></table>"
    )
    assert out == "| 名称 | 值 |\n| --- | --- |\n| a\\|b | `x \\| y` |\n| 合并 |  |"
    rendered = render(out)
    assert "<td>a|b</td>" in rendered and "<code>x | y</code>" in rendered


def test_text_outside_table_cells_goes_before_the_table():
    out = convert(
        "<table><tr><td>a</td><td>b</td></tr><span>旁注</span><tr><td>c</td><td>d</td></tr></table>"
    )
    assert out == "旁注\n\n| a | b |\n| --- | --- |\n| c | d |"


def test_emphasis_around_blocks_goes_inside_them():
    out = convert("<div><strong><p>第一段</p><ul><li>项目</li></ul><h3>小标题</h3></strong></div>")
    assert out == "**第一段**\n\n- **项目**\n\n### **小标题**"
    out = convert("<div><a href='https://ex.com/'><div><h3>卡片</h3><p>摘要</p></div></a></div>")
    assert out == "### [卡片](https://ex.com/)\n\n[摘要](https://ex.com/)"


def test_marker_before_nbsp_still_escaped():
    out = convert("<p>#&nbsp;</p><p>-&nbsp;x</p>")
    assert render(out) == "<p>#</p>\n<p>-\u00a0x</p>\n"


def test_figure_is_image_then_caption():
    out = convert(
        "<figure><figcaption>图 1：示意</figcaption>"
        '<img src="https://img.ex/f.png" alt="f"></figure>'
    )
    assert out == "![f](https://img.ex/f.png)\n\n图 1：示意"


# --- deep nesting --------------------------------------------------------------------------


def test_ten_thousand_nested_divs_do_not_crash():
    fragment = "<p>before</p>" + "<div>" * 10000 + "深处的文字" + "</div>" * 10000 + "<p>after</p>"
    doc = Document(tree=BeautifulSoup(fragment, "lxml"), kind=Kind.HTML)
    MarkdownFilter().run(doc)
    assert doc.body == "before\n\n深处的文字\n\nafter\n"
    assert any(c.warning for c in doc.changes)


def test_deep_nesting_keeps_paragraphs_apart():
    inner = "<p>one</p><p>two</p><img src='https://img.ex/x.png'>"
    fragment = "<div>" * 500 + inner + "</div>" * 500
    out = convert(fragment)
    assert out == "one\n\ntwo![](https://img.ex/x.png)"


# --- the filter ----------------------------------------------------------------------------


def test_filter_converts_tree():
    doc = Document(tree=BeautifulSoup("<p>正文<br><br>第二段</p>", "lxml"), kind=Kind.HTML)
    MarkdownFilter().run(doc)
    assert doc.body == "正文\n\n第二段\n"
    assert doc.tree is None and doc.kind == Kind.MARKDOWN
    assert [c.filter for c in doc.changes] == ["markdown"]


def test_filter_leaves_markdown_alone():
    doc = Document(body="# Title\n\ntext\n", kind=Kind.MARKDOWN)
    MarkdownFilter().run(doc)
    assert doc.body == "# Title\n\ntext\n" and doc.changes == []


def test_filter_bullet_option():
    doc = Document(tree=BeautifulSoup("<ul><li>a</li></ul>", "lxml"), kind=Kind.HTML)
    MarkdownFilter({"bullet": "*"}).run(doc)
    assert doc.body == "* a\n"


# --- plain text ----------------------------------------------------------------------------

PAGE = """

一次普通的周末远足


　　早上七点出发，天气晴朗。
   We walked for three hours.

# 这不是标题
- 这也不是列表
snake_case stays, *stars* do not
"""


def test_text_without_page_chrome_gives_no_title():
    # Only a page dump has a title line; the chrome removed from it shows it is one.
    doc = Document(body="Short first line\n\nThe rest of it.\n", kind=Kind.TEXT)
    MarkdownFilter().run(doc)
    assert doc.metadata is None
    assert doc.body == "Short first line\n\nThe rest of it.\n"


def page_dump(body: str) -> Document:
    doc = Document(body=body, kind=Kind.TEXT)
    doc.log("boilerplate", "chrome", "top of page")
    return doc


def test_text_lines_become_paragraphs():
    doc = page_dump(PAGE)
    MarkdownFilter().run(doc)
    assert doc.metadata == {"title": "一次普通的周末远足"}
    assert doc.body == (
        "早上七点出发，天气晴朗。\n\nWe walked for three hours.\n\n\\# 这不是标题\n\n"
        "\\- 这也不是列表\n\nsnake_case stays, \\*stars\\* do not\n"
    )
    assert doc.kind == Kind.MARKDOWN
    assert_stable(doc.body.rstrip("\n"))


def test_text_keeps_existing_title():
    doc = Document(body=PAGE, kind=Kind.TEXT, metadata={"title": "已有标题"})
    MarkdownFilter().run(doc)
    assert doc.metadata == {"title": "已有标题"}
    assert doc.body.startswith("一次普通的周末远足\n\n")


@pytest.mark.parametrize(
    "text",
    [
        "这是一个完整的句子。\n\n后面还有内容",
        "Is this a question?\n\nmore",
        "int count = 0;\n\nmore",
        "value -> result\n\nmore",
        "A heading-like line\nwithout a blank line after",
        "Only a title\n\n",
        "x" * 151 + "\n\nmore",
    ],
)
def test_not_a_title(text):
    assert split_title(text)[0] is None


def test_title_below_a_dateline():
    text = "Tuesday, March 3, 2015\nBuilding a bird feeder\nIt took a weekend.\n\nMore."
    assert split_title(text) == (
        "Building a bird feeder",
        "Tuesday, March 3, 2015\nIt took a weekend.\n\nMore.",
    )
    assert split_title("2021年11月3日\n\n秋天的第一场雨\n\n正文")[0] == "秋天的第一场雨"
    assert split_title("March 3, 2015\nIt rained all day.\n\nMore.")[0] is None


@pytest.mark.parametrize(
    "dateline",
    [
        "Posted on March 3, 2015",
        "Posted on March 3, 2015 by Ana",
        "March 3, 2015March 3, 2015",
        "Published: 2015-03-03",
        "发布于 2015年3月3日",
    ],
)
def test_title_below_a_themes_dateline(dateline):
    text = dateline + "\nBuilding a bird feeder\nIt took a weekend.\n\nMore."
    assert split_title(text) == (
        "Building a bird feeder",
        dateline + "\nIt took a weekend.\n\nMore.",
    )


def test_title_above_a_dateline():
    text = "Building a bird feeder\nMarch 3, 2015\nIt took a weekend.\n\nMore."
    assert split_title(text) == (
        "Building a bird feeder",
        "March 3, 2015\nIt took a weekend.\n\nMore.",
    )
    assert split_title("Building a bird feeder\nMarch 3, 2015")[0] is None


def test_a_short_first_paragraph_after_a_dateline_is_no_title():
    assert split_title("March 3, 2015\nHi all!\nIt took a weekend.")[0] is None


def page_dump_text(raw: str) -> Document:
    from normalize.filters.boilerplate import BoilerplateFilter

    doc = Document(body=raw, kind=Kind.TEXT)
    BoilerplateFilter().run(doc)
    MarkdownFilter().run(doc)
    return doc


BIRD = "\n\n".join(
    f"Step {n}: saw, sand and screw the parts of the feeder together." for n in range(6)
)


@pytest.mark.parametrize(
    "top",
    [
        # Blogger: the blog's name and tagline, the date header, the title
        "Garden Log\nNotes from a balcony\n\nTuesday, March 3, 2015\nBuilding a bird feeder\n",
        # WordPress: the site's header, published and updated dates glued, the title
        "Skip to content\nGarden Log\nNotes from a balcony\n\n"
        "March 3, 2015March 3, 2015\nBuilding a bird feeder\n",
        # a forum's menu, then the title
        "Home\nBlog\nAbout\n\nBuilding a bird feeder\n\n",
        "首页 | 论坛 | 关于\n\nBuilding a bird feeder\n\n",
    ],
)
def test_a_text_dumps_title_is_found_below_its_chrome(top):
    end = "\n\nPosted by Ana at 7:15 PM\nNewer Post Older Post Home\n" if "Tuesday" in top else "\n"
    if "March 3, 2015March" in top:
        end = "\n\nShare this:\n\nTwitter\n"
    doc = page_dump_text(top + BIRD + end)
    assert doc.metadata == {"title": "Building a bird feeder"}
    assert "Garden Log" not in doc.body and "Building a bird feeder" not in doc.body
    assert "Home" not in doc.body and "首页" not in doc.body
    assert doc.body.rstrip().endswith("together.")


def test_a_text_dump_without_a_title_line_says_so():
    doc = page_dump_text("Home\nBlog\nAbout\n\nThis is a sentence, not a title.\n\n" + BIRD + "\n")
    assert doc.metadata is None
    assert doc.body.startswith("This is a sentence, not a title.")
    assert any(c.rule == "title" and c.warning for c in doc.changes)


def test_title_with_colon_inside():
    assert split_title("Part 1: the start\n\nbody")[0] == "Part 1: the start"


@pytest.mark.parametrize(
    "line",
    [
        "*a* and _b_ and __init__ and snake_case",
        "# h",
        "## h",
        "> q",
        "- x",
        "+ y",
        "* z",
        "10. ten",
        "3) three",
        "---",
        "***",
        "___",
        "===",
        "```py",
        "~~~",
        "~~del~~",
        "| a | b |",
        "[x](y) ![i](j)",
        "<span>raw</span>",
        "<https://ex.com>",
        "a < b > c",
        "&copy; &#169; & plain",
        "`tick`",
        "back\\slash \\* end\\",
        "2 * 3 * 4",
        "中文_下划线_中文",
    ],
)
def test_text_line_renders_as_itself(line):
    out = escape_text_line(line)
    rendered = render(out)
    assert rendered.startswith("<p>") and not raw_html(out), rendered
    assert html.unescape(rendered[3:].rstrip("\n").removesuffix("</p>")) == line


def test_text_escapes_only_where_needed():
    assert escape_text_line("snake_case and 2 * 3") == "snake_case and 2 * 3"
    assert escape_text_line("a < b & c") == "a < b & c"
    assert escape_text_line("1.5 million") == "1.5 million"


def test_text_to_markdown_strips_indents_and_blank_lines():
    assert text_to_markdown("\u3000\u3000第一段\n\n\n\u00a0second  \n") == "第一段\n\nsecond"


# --- start-up cost ------------------------------------------------------------


def test_filter_modules_import_no_heavy_module():
    """The filters stay light to import: the converter comes in when a document converts."""
    import subprocess
    import sys

    code = (
        "import sys, normalize.filters.markdown, normalize.filters.tidy\n"
        "heavy = [m for m in ('markdownify', 'bs4', 'lxml', 'markdown_it') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


# --- depth ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 10_000 + "deep" + "</div>" * 10_000,
        "<ul><li>x" * 5_000 + "</li></ul>" * 5_000,
        "<ol><li>x" * 5_000 + "</li></ol>" * 5_000,
        "<blockquote>q" * 5_000 + "</blockquote>" * 5_000,
        "<p>" + "<span>" * 5_000 + "s" + "</span>" * 5_000 + "</p>",
    ],
    ids=["divs", "lists", "ordered", "quotes", "spans"],
)
def test_deep_nesting_keeps_every_word_visible(html):
    """Never a crash: every word still shows once rendered (structure past what a
    renderer shows is unnested, with a warning)."""
    from normalize import normalize_text
    from normalize.convert import fidelity

    out = normalize_text(html, name="deep.html")
    scores = fidelity.score(html, out)
    assert scores["text_recall"] == 1 and scores["text_precision"] == 1


# --- what stays HTML ----------------------------------------------------------


def test_markdown_keeps_the_comments_ads_keeps():
    from normalize.filters.ads import AdsFilter

    assert MarkdownFilter.defaults["keep_comments"] == AdsFilter.defaults["keep_comments"]


def test_kept_comments_can_be_configured():
    doc = Document(name="a.html", body="<p>a</p><!-- toc --><!-- more --><p>b</p>", kind=Kind.HTML)
    doc.tree = BeautifulSoup(doc.body, "lxml")
    MarkdownFilter({"keep_comments": ["TOC"]}).run(doc)
    assert doc.body == "a\n\n<!-- toc -->\n\nb\n"


def test_a_dump_keeps_its_video_embed_and_loses_its_ad():
    from normalize import normalize_text

    out = normalize_text(
        "---\ntitle: T\n---\n<p>Intro</p>"
        '<p><iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe></p>'
        '<ins class="adsbygoogle" data-ad-client="ca-pub-1"></ins>'
        "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
        "<p>x<sup>2</sup></p><!-- more --><p>Rest</p>",
        name="post.txt",
    )
    assert out == (
        "---\ntitle: T\n---\n\nIntro\n\n"
        '<iframe allowfullscreen="" src="https://www.youtube.com/embed/abc"></iframe>\n\n'
        "x<sup>2</sup>\n\n<!-- more -->\n\nRest\n"
    )


@pytest.mark.parametrize(
    "html",
    [
        '<p>Angle <math><semantics><mi>α</mi><annotation encoding="application/x-tex">\\alpha</annotation></semantics></math> here</p>',
        '<p>K <span class="katex"><span class="katex-mathml"><math><semantics><mi>π</mi>'
        '<annotation encoding="application/x-tex">\\pi</annotation></semantics></math></span>'
        '<span class="katex-html" aria-hidden="true">π</span></span> here</p>',
        '<p>M <span class="MathJax">θ</span><script type="math/tex">\\theta</script> here</p>',
    ],
)
def test_a_formula_rendering_written_as_tex_passes_the_output_guard(html):
    from normalize import normalize_text

    out = normalize_text(html, name="page.html")
    assert out.count("$") == 2 and "\\" in out
    assert not any(ch in out for ch in "απθ")


# --- a <pre> that wraps the page ----------------------------------------------------


def test_an_open_pre_before_the_article_does_not_swallow_it():
    html, closed = close_open_pres(
        '<div><pre><style>p{margin:0}</style>\n<p>One.</p><p><img src="https://a.example/x.png" '
        'alt="x"></p><p>Two.</p></div>'
    )
    assert closed == 1
    out = convert(protect_pre_text(html))
    assert out == "One.\n\n![x](https://a.example/x.png)\n\nTwo."


def test_an_open_pre_of_code_ends_where_a_paragraph_starts():
    html, _ = close_open_pres("<pre>FROM <base image>\nRUN make\n<p>Then build it.</p>")
    out = convert(protect_pre_text(html))
    assert code_blocks(out) == [("", "FROM <base image>\nRUN make\n")]
    assert out.endswith("Then build it.")


def test_a_closed_pre_around_a_page_converts_as_the_page():
    out = convert(
        protect_pre_text(
            '<pre><h2>Title</h2><p>Text <img src="https://a.example/y.png" alt="y"></p></pre>'
        )
    )
    assert out == "## Title\n\nText ![y](https://a.example/y.png)"


def test_html_elements_in_a_pre_are_elements_and_placeholders_stay_text():
    assert protect_pre_text("<pre><style>a{}</style>x<b>y</b></pre>") == (
        "<pre><style>a{}</style>x<b>y</b></pre>"
    )
    assert protect_pre_text("<pre>cp <source> <dest> &amp;&amp; i<n</pre>") == (
        "<pre>cp &lt;source> &lt;dest> &amp;&amp; i&lt;n</pre>"
    )
    out = convert(protect_pre_text("<pre><style>a{}</style>x = 1\n<span>y</span> = 2</pre>"))
    assert code_blocks(out) == [("", "x = 1\ny = 2\n")]


@pytest.mark.parametrize(
    ("tag", "attrs", "element"),
    [
        ("img", ' src="a.png" alt=x', True),
        ("div", ' class="a" hidden', True),
        ("base", " image", False),  # `FROM <base image>`
        ("stage", " name", False),
        ("groupId", "", False),
        ("Button", ' android:text="x"', False),
        ("p", " of file", False),
    ],
)
def test_what_counts_as_an_element_inside_a_pre(tag, attrs, element):
    assert is_pre_element(tag, attrs) is element


def test_a_highlighters_line_numbers_are_not_code():
    # Hexo's figure.highlight and Pygments' linenos table: numbers in one cell, code in the other.
    hexo = (
        '<figure class="highlight python"><table><tr><td class="gutter"><pre>'
        '<span class="line">1</span><br><span class="line">2</span><br></pre></td>'
        '<td class="code"><pre><span class="line">import os</span><br>'
        '<span class="line">print(os.sep)</span><br></pre></td></tr></table></figure>'
    )
    assert convert(hexo) == "```python\nimport os\nprint(os.sep)\n```"
    pygments = (
        '<div class="highlight"><table class="highlighttable"><tr><td class="linenos">'
        '<div class="linenodiv"><pre>1\n2</pre></div></td><td class="code"><div class="highlight">'
        "<pre>a = 1\nb = 2\n</pre></div></td></tr></table></div>"
    )
    assert convert(pygments) == "```\na = 1\nb = 2\n```"
    dropped = []
    convert_tree(BeautifulSoup(hexo, "lxml"), dropped=lambda why, text: dropped.append(why))
    assert dropped == ["line numbers"]
