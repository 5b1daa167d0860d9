"""The model specs `--model` takes, in one line: imported by the backends (their errors) and by the
CLI's help texts, which must not import the backends (httpx) for `blogwright --help`."""

SPECS = "local[:PATH.gguf], openai:MODEL, ollama:MODEL, llm:MODEL_ID or fake[:SCRIPT.json]"
