"""The sentence pairs whose similarities tests/data/embedding_pairs.json records (see bench/embeddings.py).

A mix of paraphrases, same-topic pairs, off-topic pairs (the on-topic gate's calibration cases are
of this kind), odd input (empty, whitespace, accents, CJK, emoji, code) and long texts: over
MAX_WORDS words (embedded in chunks and averaged) and chunks over 256 word pieces (truncated).
"""

from __future__ import annotations

PIP = ("Pin every dependency to an exact version in requirements.txt, for example requests==2.32.3, "
       "urllib3==2.2.2, certifi==2024.7.4, charset-normalizer==3.3.2 and idna==3.7, then run "
       "pip-compile --generate-hashes --output-file=requirements.lock requirements.in so that "
       "pip install --require-hashes -r requirements.lock refuses any wheel whose sha256 digest differs. ")
CDN = ("A CDN edge such as cdn-edge-04.fra1.example.net honours Cache-Control: public, max-age=31536000, "
       "immutable for fingerprinted assets like /static/app.3f9a1c2e.js and /static/app.3f9a1c2e.css, "
       "while HTML answers carry Cache-Control: no-cache, must-revalidate plus an ETag such as "
       "W/\"5e8a-17f3b2c1d4e\" and a Last-Modified of Tue, 03 Sep 2024 14:05:09 GMT. ")
GARDEN = ("Compost needs a balance of green material such as grass clippings and vegetable scraps with "
          "brown material such as dry leaves, straw and shredded cardboard. Turn the pile every two "
          "weeks so air reaches the middle, keep it as damp as a wrung-out sponge, and after three to "
          "six months the bottom of the heap turns into dark, crumbly soil that smells of a forest floor. ")
KUBE = ("A Kubernetes Deployment keeps a set of identical pods running: when a node fails the scheduler "
        "places replacement pods elsewhere, and a rolling update replaces old pods a few at a time so "
        "the service never goes down. Readiness probes decide when a new pod receives traffic, and "
        "liveness probes restart containers that hang. Resource requests and limits tell the scheduler "
        "how much CPU and memory each container needs. ")
BREAD = ("A sourdough starter is flour and water colonised by wild yeast and lactic acid bacteria. Feed "
         "it daily, mix it into the dough the evening before baking, let the dough rise slowly in a cool "
         "kitchen overnight, shape it gently in the morning, and bake it in a very hot covered pot so "
         "the crust blisters and the crumb stays open and chewy. ")

LONG_PIP = PIP * 3  # ~130 words of version pins and hashes: one chunk well over 256 word pieces
LONG_CDN = CDN * 5  # over 180 words: two chunks, the first truncated at 256 word pieces
LONG_KUBE = KUBE * 6  # ~400 words of plain prose: three chunks, averaged
LONG_GARDEN = GARDEN * 5
LONG_MIXED = (KUBE + BREAD) * 3

PAIRS: list[tuple[str, str]] = [
    # paraphrases
    ("Pinning versions makes every install repeatable.",
     "When you pin exact package versions, installs give the same result each time."),
    ("The cache stores the response for one hour.", "Responses are kept in the cache for sixty minutes."),
    ("A virtual environment keeps each project's packages separate.",
     "Every project gets its own isolated set of installed libraries in a venv."),
    ("Turn the compost pile every two weeks for air.", "Aerate the compost heap by turning it twice a month."),
    ("The model runs on the CPU without a GPU.", "No graphics card is needed: inference happens on the processor."),
    ("Unit tests catch regressions before they reach users.",
     "Automated tests find bugs that came back before customers see them."),
    ("Kubernetes restarts containers that crash.", "A crashed container is started again by Kubernetes."),
    ("She bakes sourdough bread every Sunday morning.", "Every Sunday morning she makes a sourdough loaf."),
    ("Latency rose after the deploy.", "Response times got worse once the new release went out."),
    ("Use an ETag so clients can revalidate cheaply.",
     "An entity tag lets a browser check whether its cached copy is still current at little cost."),
    # same topic, different point
    ("LLM Ops is about running large language models in production.",
     "ML Ops covers training pipelines, feature stores and model registries."),
    ("Docker images bundle an application with its dependencies.",
     "Kubernetes schedules containers across a cluster of machines."),
    ("Water indoor plants when the top inch of soil is dry.", "Most houseplants like bright, indirect light."),
    ("HTTP caching reduces the load on the origin server.",
     "A CDN places copies of static files close to the users."),
    ("Python's GIL lets only one thread run bytecode at a time.",
     "asyncio runs many network calls concurrently on one thread."),
    ("Rust's borrow checker prevents data races at compile time.",
     "Garbage collectors free memory that is no longer reachable."),
    ("Write the introduction last, once you know what the post says.",
     "A good headline promises exactly what the post delivers."),
    ("Sentence embeddings map text to vectors.", "Cosine similarity compares two vectors by their angle."),
    # unrelated
    ("Pinning versions makes every install repeatable.", "The sourdough starter needs feeding every day."),
    ("Kubernetes pods share a network namespace.", "Tomatoes ripen faster next to bananas."),
    ("The quarterly report shows revenue up 12%.", "Penguins huddle together to survive the Antarctic winter."),
    ("Use a password manager for every account.", "The orchestra tuned to the oboe's A."),
    ("Git rebase rewrites the commit history.", "A good espresso needs finely ground beans."),
    ("Our API returns JSON with snake_case keys.", "The marathon route passes the old harbour."),
    ("Compile the kernel with debug symbols.", "Knit the sleeves before joining the body."),
    ("Mortgage rates fell for the third month.", "The function returns None when the file is missing."),
    # short, odd and edge-case input
    ("", "An empty string still gets a vector."),
    ("   leading and trailing spaces   ", "leading and trailing spaces"),
    ("HELLO WORLD", "hello world"),
    ("Café crème brûlée à la française.", "Cafe creme brulee a la francaise."),
    ("東京は日本の首都です。", "Tokyo is the capital of Japan."),
    ("Deploy on Friday? 🚀🔥", "Shipping code right before the weekend is risky."),
    ("def add(a, b): return a + b", "A Python function that adds two numbers."),
    ("https://example.com/docs/v2/api?lang=en#auth", "The API authentication documentation page."),
    ("42", "forty-two"),
    ("ok", "fine"),
    ("a\tb\nc", "a b c"),
    # long texts: chunking (> 180 words) and truncation (> 256 word pieces in a chunk)
    (LONG_PIP, "Pin exact versions and hashes so installs are repeatable and tamper-proof."),
    (LONG_CDN, "How CDNs and browsers cache static assets and revalidate HTML."),
    (LONG_KUBE, "Kubernetes keeps services running through failures and rolling updates."),
    (LONG_GARDEN, "How to make compost at home."),
    (LONG_MIXED, "Baking sourdough bread."),
    (LONG_KUBE, LONG_GARDEN),
    (LONG_PIP, LONG_CDN),
    (LONG_MIXED, LONG_KUBE),
    (PIP, CDN),
    (GARDEN, "Keeping Python dependencies under control"),
    (BREAD, "A sourdough loaf with an open crumb."),
]
