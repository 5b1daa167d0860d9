"""Fingerprints of 24 fake-backend posts (6 topics x weak or not x 2 voices; notes, untrusted and lengths
mixed) and the CPU seconds they took, to show a change leaves the posts byte-identical:

    python -m bench.fake_posts > after.txt; PYTHONPATH=<git archive of the base>/src python -m bench.fake_posts > before.txt
    diff before.txt after.txt

The CPU seconds go to stderr (issue 28: model-free work cut without changing a post).
"""

from __future__ import annotations

import hashlib
import sys
import time

TOPICS = ["LLM Ops vs ML Ops", "How to use git stash", "Caring for a cast iron pan", "Why caching matters",
          "RAG for beginners", "Kubernetes pods explained"]
NOTE = "Use a little oil after each wash, unless it is dried."


def main(argv: list[str] | None = None) -> int:
    from blogwright.backends.fake import FakeBackend
    from blogwright.model.brief import make_brief
    from blogwright.pipeline.run import write_post
    from blogwright.render import to_markdown
    from blogwright.store import Store
    from blogwright.voices import load_voice

    out = []
    t = time.process_time()
    for i, topic in enumerate(TOPICS):
        for weak in (True, False):
            for voice in ("snarky-mentor", "plain-expert"):
                brief = make_brief(topic=topic, voice=voice, audience="newbie", words=[300, 600, 1200][i % 3],
                                   notes=[NOTE] if i == 2 else [])
                post = write_post(brief, load_voice(voice), FakeBackend(weak=weak), Store(None), seed=i,
                                  untrusted=True if not weak and i % 2 else None)
                out.append(hashlib.sha256(to_markdown(post).encode()).hexdigest()[:12])
    sys.stdout.write(" ".join(out) + "\n")
    sys.stderr.write(f"cpu {time.process_time() - t:.2f} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
