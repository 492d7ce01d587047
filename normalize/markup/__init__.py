"""What the filters and the converter both need to know of a document's markup.

Below both `filters/` and `convert/`, so that imports run one way: which HTML
elements are blocks and which are empty (`html`), which links are unsafe
(`links`), and where code and template syntax are in Markdown (`code`).
"""
