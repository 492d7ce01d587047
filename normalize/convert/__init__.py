"""HTML to Markdown, one module per concern; `converter.convert_tree` is the entry point.

Light modules (no third-party imports): `marks`, `chars`, `escaping`,
`plaintext`, `tags`, `links`, `code`, `emphasis`. The rest import
BeautifulSoup and markdownify and are only imported when a tree is converted.
`fidelity` is not part of the conversion: it measures it (round-trip tests,
benchmarks/roundtrip.py).
"""
