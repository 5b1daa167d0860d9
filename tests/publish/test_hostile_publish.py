"""Issue 18 #1, #2, #7: publishing never writes outside the site, copies only the post's own images,
and nothing a post says becomes live script in a built site or in WordPress."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import httpx
import pytest
from typer.testing import CliRunner

from blogwright.cli.app import app
from blogwright.core.errors import BadInput
from blogwright.publish import publish_post
from blogwright.publish.safe_markdown import safe_markdown

from .test_static_sites import hugo_site, jekyll_site

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
HOSTILE = """Compost is easy <script>alert('body')</script> and <img src=x onerror="alert('img')">.

<iframe src="https://evil.example"></iframe>

<div onmouseover="alert('div')">hover</div>

[click](javascript:alert('link')) [encoded](jav&#x61;script:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
<javascript:alert('autolink')> and [ref link][r] and a Liquid {{ site.github }} {% include nav.html %}
and a shortcode {{< rawhtml >}}<script>alert('sc')</script>{{< /rawhtml >}} and kramdown {: onclick="alert(1)"}

[r]: javascript:alert('ref')

```html
<script>shown_as_code()</script>
```
"""


class _Live(HTMLParser):
    """What a browser would run: script-ish elements, on* attributes, javascript:/data: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "img", "svg", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                self.found.append(f"{tag} {name}={value}")


def live(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    return parser.found


def hostile_post(tmp_path, front: str = "", body: str = HOSTILE, name: str = "post.md"):
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"---\ntitle: Composting at home\ndate: 2026-11-20\n{front}---\n# Composting at home\n\n{body}")
    return path


@pytest.mark.parametrize("slug", ["../../../tmp/x", "/tmp/x", "a/b", "..", "..\\\\x", ".hidden"])
@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_a_slug_with_a_path_is_refused_even_in_a_dry_run(tmp_path, slug, kind):
    site = (hugo_site if kind == "hugo" else jekyll_site)(tmp_path / "site")
    post = hostile_post(tmp_path, front=f"slug: {json.dumps(slug)}\n", body="Plain text.\n")
    for dry in (True, False):
        with pytest.raises(BadInput, match="is a path, not a name"):
            publish_post(post, f"{kind}:{site}", dry_run=dry, force=True, overwrite=True)
    assert not list(tmp_path.parent.glob("x.md")) and not (tmp_path / "x.md").exists()


def test_an_odd_slug_is_made_a_plain_name(tmp_path):
    site = hugo_site(tmp_path / "site")
    post = hostile_post(tmp_path, front="slug: My Post Ünïcode\n", body="Plain text.\n")
    res = publish_post(post, f"hugo:{site}", force=True, overwrite=True)
    assert res.location == str(site / "content" / "posts" / "my-post-unicode.md")


@pytest.mark.parametrize("kind,folder", [("hugo", "content/posts"), ("jekyll", "_drafts")])
def test_a_symlinked_content_folder_that_leaves_the_site_is_refused(tmp_path, kind, folder):
    site = (hugo_site if kind == "hugo" else jekyll_site)(tmp_path / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / folder).parent.mkdir(parents=True, exist_ok=True)
    (site / folder).symlink_to(outside)
    post = hostile_post(tmp_path, body="Plain text.\n")
    with pytest.raises(BadInput, match="leads outside"):
        publish_post(post, f"{kind}:{site}", force=True, overwrite=True)
    with pytest.raises(BadInput, match="leads outside"):
        publish_post(post, f"{kind}:{site}", force=True, overwrite=True, dry_run=True)
    assert list(outside.iterdir()) == []


def test_an_existing_post_that_is_a_symlink_is_not_followed(tmp_path):
    site = hugo_site(tmp_path / "site")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (site / "content" / "posts").mkdir(parents=True)
    (site / "content" / "posts" / "composting-at-home.md").symlink_to(victim)
    post = hostile_post(tmp_path, body="Plain text.\n")
    with pytest.raises(BadInput):
        publish_post(post, f"hugo:{site}", force=True, overwrite=True)
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_only_image_files_from_the_posts_own_folder_are_copied(tmp_path, kind):
    site = (hugo_site if kind == "hugo" else jekyll_site)(tmp_path / "site")
    (tmp_path / "secret.txt").write_text("API_KEY=hunter2")
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.txt").write_text("private notes")
    (src / "fake.png").write_text("not really a png")
    (src / "evil.svg").write_text('<svg onload="alert(1)"></svg>')
    (src / "img").mkdir()
    (src / "img" / "ok.png").write_bytes(PNG)
    (src / "link.png").symlink_to(tmp_path / "secret.txt")
    body = ("![key](../secret.txt) ![notes](notes.txt) ![fake](fake.png) ![svg](evil.svg) ![link](link.png) "
            "![ok](img/ok.png) ![abs](/etc/passwd)\n")
    post = hostile_post(tmp_path, body=body)
    dry = publish_post(post, f"{kind}:{site}", force=True, overwrite=True, dry_run=True)
    assert "secret.txt: outside the post's folder; not copied" in dry.dry_run_text
    assert "notes.txt: not an image file" in dry.dry_run_text and "fake.png: its content is not a PNG" in dry.dry_run_text
    assert "evil.svg: not an image file" in dry.dry_run_text and "link.png: outside the post's folder" in dry.dry_run_text
    res = publish_post(post, f"{kind}:{site}", force=True, overwrite=True)
    copied = sorted(p.name for p in site.rglob("*") if p.is_file() and p.suffix in (".txt", ".png", ".svg"))
    assert copied == ["ok.png"], copied
    assert len(res.notes) == 5
    assert not any("hunter2" in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_raw_html_liquid_and_shortcodes_are_escaped_unless_allowed():
    hugo = safe_markdown(HOSTILE, "hugo")
    jekyll = safe_markdown(HOSTILE, "jekyll")
    for out in (hugo, jekyll):
        assert "<script>alert" not in out and "<img src=x" not in out and "<iframe" not in out
        assert "javascript:" not in out.replace("&lt;javascript:", "") and "data:text/html" not in out
        assert "<script>shown_as_code()</script>" in out  # code stays code
    assert "{{</* rawhtml */>}}" in hugo and '{{ "{{" }} site.github }}' in jekyll and "\\{: onclick" in jekyll
    kept = safe_markdown(HOSTILE, "jekyll", allow_html=True)
    assert "<script>alert('body')</script>" in kept and "{{ site.github }}" in kept
    assert "javascript:alert('link')" not in kept  # unsafe links go whatever the flag


@pytest.mark.skipif(not shutil.which("jekyll"), reason="needs jekyll (bash .ci/services.sh)")
def test_a_models_script_never_runs_in_the_built_jekyll_site(tmp_path):
    site = jekyll_site(tmp_path / "site")
    (site / "_includes").mkdir()
    (site / "_includes" / "nav.html").write_text("<nav>INCLUDED</nav>")
    post = hostile_post(tmp_path, front="tags: ['<script>alert(\"tag\")</script>x']\n",
                        body=HOSTILE.replace("Compost", "# <script>alert('h1')</script>\n\nCompost"))
    publish_post(post, f"jekyll:{site}", live=True, force=True, overwrite=True)
    subprocess.run(["jekyll", "build", "-q", "-s", str(site), "-d", str(site / "_site")],
                   check=True, capture_output=True, timeout=180)
    html = next((site / "_site").rglob("composting-at-home.html")).read_text()
    assert live(html) == [], html
    assert "INCLUDED" not in html and "alert" in html  # shown as text, not run
    assert "shown_as_code" in html


@pytest.mark.skipif(not shutil.which("hugo"), reason="needs hugo (bash .ci/services.sh)")
def test_a_models_script_never_runs_in_the_built_hugo_site(tmp_path):
    site = hugo_site(tmp_path / "site")
    (site / "layouts" / "shortcodes").mkdir(parents=True)
    (site / "layouts" / "shortcodes" / "rawhtml.html").write_text("{{ .Inner | safeHTML }}")
    post = hostile_post(tmp_path)
    publish_post(post, f"hugo:{site}", live=True, force=True, overwrite=True)
    subprocess.run(["hugo", "--quiet", "-s", str(site)], check=True, capture_output=True, timeout=120)
    html = (site / "public" / "posts" / "composting-at-home" / "index.html").read_text()
    assert live(html) == [], html
    assert "shown_as_code" in html and "alert" in html


class RecordingWordPress:
    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.posts: dict[int, dict] = {}

    def __call__(self, req: httpx.Request) -> httpx.Response:
        self.requests.append(req)
        path = req.url.path.removeprefix("/wp-json/wp/v2")
        if req.method == "GET":
            return httpx.Response(200, json=[])
        body = json.loads(req.content)
        if path == "/tags":
            return httpx.Response(201, json={"id": 7, "name": body["name"]})
        self.posts[1] = {**body, "id": 1, "link": "http://wp.test/?p=1"}
        return httpx.Response(201, json=self.posts[1])


def test_wordpress_gets_no_live_html_in_title_tags_or_body(tmp_path, monkeypatch):
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "abcd efgh")
    post = hostile_post(tmp_path, front="title: '<script>alert(1)</script>Compost & <b>soil</b>'\n"
                                        "tags: ['<img src=x onerror=alert(1)>gardening']\n"
                                        "summary: '<svg onload=alert(1)>short'\n")
    wp = RecordingWordPress()
    publish_post(post, "wordpress:http://wp.test", force=True, overwrite=True, transport=httpx.MockTransport(wp))
    sent = wp.posts[1]
    assert sent["title"] == "alert(1)Compost &amp; soil" and "<" not in sent["excerpt"]
    tag_names = [json.loads(r.content)["name"] for r in wp.requests if r.url.path.endswith("/tags") and r.method == "POST"]
    assert tag_names == ["gardening"]
    assert live(sent["content"]) == [] and live(sent["title"]) == [] and live(sent["excerpt"]) == []


def test_wordpress_dry_run_contacts_nobody_and_needs_no_password(tmp_path, monkeypatch):
    monkeypatch.delenv("WORDPRESS_USER", raising=False)
    monkeypatch.delenv("WORDPRESS_APP_PASSWORD", raising=False)
    wp = RecordingWordPress()
    post = hostile_post(tmp_path, body="Plain text.\n")
    res = publish_post(post, "wordpress:http://127.0.0.1:9", dry_run=True, force=True, overwrite=True, transport=httpx.MockTransport(wp))
    assert wp.requests == [] and "contacts nobody" in res.dry_run_text
    monkeypatch.setenv("WORDPRESS_USER", "admin")
    monkeypatch.setenv("WORDPRESS_APP_PASSWORD", "abcd efgh")
    res = publish_post(post, "wordpress:http://127.0.0.1:9", dry_run=True, force=True, overwrite=True)  # closed port: still fine
    assert "abcd efgh" not in res.dry_run_text and "<redacted>" in res.dry_run_text


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\xff\xfe" * 100, b"\x89PNG\r\n\x1a\n" + bytes(100),
                                     "café".encode("latin-1")])
def test_publishing_a_binary_or_non_utf8_file_is_one_line(tmp_path, content):
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    site = hugo_site(tmp_path / "site")
    r = CliRunner().invoke(app, ["publish", str(bad), "--to", f"hugo:{site}"])
    assert r.exit_code == 2 and r.output.startswith("error: ") and "Traceback" not in r.output, r.output


def test_publishing_a_front_matter_alias_bomb_is_one_line(tmp_path):
    from tests.core.test_yamlsafe_redact import billion_laughs

    bomb = tmp_path / "bomb.md"
    bomb.write_text("---\ntitle: x\n" + billion_laughs() + "---\n# x\n\ntext\n")
    site = hugo_site(tmp_path / "site")
    r = CliRunner().invoke(app, ["publish", str(bomb), "--to", f"hugo:{site}", "--dry-run", "--force", "--overwrite"])
    assert r.exit_code == 2 and "aliases expand" in r.output, r.output
