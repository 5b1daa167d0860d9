"""The new-post page: the model picker lists what `blogwright models` finds (found on a thread at
start, never waited for), and each voice carries its description for the hint under the form."""

from __future__ import annotations

import re
import time

from blogwright.backends.discover import ModelEntry


def test_model_picker_lists_discovered_models(make_client, monkeypatch):
    found = [ModelEntry("local", "bundled", "ready"), ModelEntry("ollama:llama3.2", "ollama", "ready"),
             ModelEntry("llm:gpt-4o", "llm", "needs key")]
    monkeypatch.setattr("blogwright.web.state.usable_models", lambda: found)
    client = make_client(discover_models=True)
    web = client.app.web
    deadline = time.time() + 10
    while web._models is None and time.time() < deadline:
        time.sleep(0.02)
    html = client.get("/").text
    options = re.findall(r'<option value="([^"]+)">', html.split('<datalist id="models">')[1].split("</datalist>")[0])
    assert options == ["fake", "local", "ollama:llama3.2"]  # the server's model first; not the one missing a key


def test_without_discovery_the_picker_has_the_defaults_and_voices_carry_descriptions(client):
    html = client.get("/").text
    datalist = html.split('<datalist id="models">')[1].split("</datalist>")[0]
    assert re.findall(r'<option value="([^"]+)">', datalist) == ["fake", "local"]
    assert re.search(r'<option value="snarky-mentor" data-description="[^"]{10,}"', html)
    assert 'id="voice-hint"' in html
