"""Text primitives: sentences, tokens, Markdown, front matter, slugs, HTML, word lists."""
