"""Hugo and Jekyll: the published post really builds (Debian `hugo` and `jekyll` binaries)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from blogwright.core.errors import BadInput
from blogwright.publish import publish_post

BASEOF = "<html><body>{{ block \"main\" . }}{{ end }}</body></html>"
SINGLE = ('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
          '<ul>{{ range .Params.tags }}<li class="tag">{{ . }}</li>{{ end }}</ul>{{ end }}')
LIST = '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}'


def hugo_site(root):
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "http://example.org/"\ntitle = "T"\n'
                                    'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n')
    for name, text in (("baseof", BASEOF), ("single", SINGLE), ("list", LIST)):
        (root / "layouts" / "_default" / f"{name}.html").write_text(text)
    return root


def jekyll_site(root):
    (root / "_layouts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\nmarkdown: kramdown\n")
    (root / "_layouts" / "post.html").write_text(
        "<html><body><h1>{{ page.title }}</h1>{{ content }}"
        "<ul>{% for t in page.tags %}<li class=\"tag\">{{ t }}</li>{% endfor %}</ul></body></html>")
    return root


@pytest.mark.skipif(not shutil.which("hugo"), reason="needs hugo (bash .ci/services.sh)")
@pytest.mark.parametrize("live", [False, True])
def test_hugo_builds_the_post(tmp_path, post_file, live):
    site = hugo_site(tmp_path / "site")
    res = publish_post(post_file, f"hugo:{site}", live=live)
    page = site / "content" / "posts" / "how-to-compost-at-home.md"
    assert res.location == str(page)
    text = page.read_text()
    assert text.startswith("+++\n") and f"draft = {'false' if live else 'true'}" in text
    cmd = ["hugo", "--quiet", "-s", str(site)] + ([] if live else ["--buildDrafts"])
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    html = (site / "public" / "posts" / "how-to-compost-at-home" / "index.html").read_text()
    assert "How to Compost at Home" in html and "<h2" in html and "Keeping the Pile Healthy" in html
    assert '<li class="tag">compost</li>' in html
    assert "How to Compost at Home" in (site / "public" / "tags" / "compost" / "index.html").read_text()


def test_hugo_yaml_site_bundle_and_existing_slug(tmp_path, post_file):
    site = tmp_path / "site"
    (site / "content" / "blog").mkdir(parents=True)
    (site / "hugo.yaml").write_text("title: T\n")
    (post_file.parent / "pic.png").write_bytes(b"\x89PNG")
    post_file.write_text(post_file.read_text().replace("Composting at home", "![a pic](pic.png) Composting at home"))
    res = publish_post(post_file, f"hugo:{site}")
    bundle = site / "content" / "blog" / "how-to-compost-at-home"
    assert res.location == str(bundle / "index.md") and (bundle / "pic.png").exists()
    assert bundle.joinpath("index.md").read_text().startswith("---\ntitle: How to Compost at Home\n")
    with pytest.raises(BadInput, match="already exists.*--overwrite"):
        publish_post(post_file, f"hugo:{site}")
    assert publish_post(post_file, f"hugo:{site}", force=True, overwrite=True).action == "overwritten"


def test_not_a_site_and_failing_gates(tmp_path, post_file):
    with pytest.raises(BadInput, match="not a Hugo site"):
        publish_post(post_file, f"hugo:{tmp_path}")
    with pytest.raises(BadInput, match="not a Jekyll site"):
        publish_post(post_file, f"jekyll:{tmp_path}")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: Bad\n---\n# Bad\n\nword word word word word word word word.\n")
    with pytest.raises(BadInput, match="fails blocking quality gates: .*length"):  # a line is not a (short) post
        publish_post(bad, f"hugo:{hugo_site(tmp_path / 's')}")


@pytest.mark.skipif(not shutil.which("jekyll"), reason="needs jekyll (bash .ci/services.sh)")
def test_jekyll_builds_the_post(tmp_path, post_file):
    site = jekyll_site(tmp_path / "site")
    res = publish_post(post_file, f"jekyll:{site}", live=True)
    assert res.location == str(site / "_posts" / "2026-11-20-how-to-compost-at-home.md")
    assert "layout: post" in (site / "_posts" / "2026-11-20-how-to-compost-at-home.md").read_text()
    subprocess.run(["jekyll", "build", "-q", "-s", str(site), "-d", str(site / "_site")],
                   check=True, capture_output=True, timeout=180)
    html = (site / "_site" / "2026" / "11" / "20" / "how-to-compost-at-home.html").read_text()
    assert "How to Compost at Home" in html and "<h2" in html and '<li class="tag">garden</li>' in html


def test_jekyll_unpublished_by_default_and_cli_dry_run(tmp_path, post_file):
    import typer

    from blogwright.cli.publish import publish

    app = typer.Typer()
    app.command()(publish)
    app.command("noop")(lambda: None)
    site = jekyll_site(tmp_path / "site")
    r = CliRunner().invoke(app, ["publish", str(post_file), "--to", f"jekyll:{site}", "--dry-run"])
    assert r.exit_code == 0, r.output
    assert "write " + str(site / "_drafts" / "how-to-compost-at-home.md") in r.output and "published:" not in r.output
    assert not (site / "_posts").exists()
    r = CliRunner().invoke(app, ["publish", str(post_file), "--to", f"hugo:{tmp_path}"])
    assert r.exit_code == 2 and "not a Hugo site" in r.output


def test_overwrite_and_force_are_two_flags(tmp_path, post_file):
    # newcomer P2: --force both replaced an existing post and switched off the gates
    site = hugo_site(tmp_path / "s")
    first = publish_post(post_file, f"hugo:{site}")
    with pytest.raises(BadInput, match="already exists.*--overwrite"):
        publish_post(post_file, f"hugo:{site}", force=True)  # --force skips gates, never replaces a post
    assert publish_post(post_file, f"hugo:{site}", overwrite=True).location == first.location  # re-published, gated
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: How to Compost at Home\n---\n# Bad\n\nword word word word word word word word.\n")
    with pytest.raises(BadInput, match="fails blocking quality gates"):
        publish_post(bad, f"hugo:{site}", overwrite=True)  # --overwrite does not skip the gates
    from blogwright.cli import app as cli_app

    r = CliRunner().invoke(cli_app, ["publish", "--help"])
    assert "--overwrite" in r.stdout
