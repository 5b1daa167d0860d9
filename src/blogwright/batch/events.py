"""What a running batch reports: typed events for the CLI's progress lines (and `--json`), and the
final report with a row per post and totals."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Counts(BaseModel):
    done: int = 0
    failed: int = 0
    running: int = 0
    pending: int = 0
    total: int = 0


class BatchStarted(BaseModel):
    kind: Literal["started"] = "started"
    batch_id: str
    total: int
    already_done: int
    concurrency: int
    mode: str  # e.g. "4 posts at a time on openai:llama3" or "local model: one post at a time (...)"
    limits: str = ""


class ItemFinished(BaseModel):
    """A post is done (or failed, or will be retried, or was stopped), with the counts and ETA after it."""

    kind: Literal["item"] = "item"
    idx: int
    slug: str
    status: Literal["done", "failed", "retry", "stopped"]
    path: str = ""
    words: int = 0
    passed: bool | None = None
    failed_gates: list[str] = Field(default_factory=list)  # the blocking gates the post failed
    seconds: float = 0.0
    error: str = ""
    publish: str = ""
    counts: Counts = Field(default_factory=Counts)
    eta_s: float | None = None


class BatchNote(BaseModel):
    kind: Literal["note"] = "note"
    text: str


class Outcome(BaseModel):
    """What became of one post of a batch: its status and figures (the runner's result for a post,
    and the report's row, which adds where the post came from)."""

    status: str  # done | failed | stopped (a row of the report: the queue's status)
    path: str = ""
    words: int = 0
    passed: bool | None = None
    failed_gates: list[str] = Field(default_factory=list)  # the blocking gates the post failed
    seconds: float = 0.0
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    error: str = ""
    publish: str = ""


class ItemReport(Outcome):
    idx: int
    line: int | None = None
    slug: str
    topic: str
    run_id: str = ""
    attempts: int = 0


class BatchReport(BaseModel):
    batch_id: str
    status: str  # done | failed (some posts failed) | stopped | running
    out_dir: str
    items: list[ItemReport]
    counts: Counts
    wall_s: float = 0.0  # this run's wall time
    retries: int = 0  # HTTP retries (429, 5xx, timeouts) in this run
    throttled: int = 0  # of them, 429s
    waited_s: float = 0.0  # time posts waited for --rpm/--tpm or a Retry-After pause
    abandoned: int = 0  # posts still busy when a stop's grace ran out (their threads are not waited for)

    def totals(self) -> dict[str, float]:
        done = [i for i in self.items if i.status == "done"]
        return {"posts": len(done), "words": sum(i.words for i in done), "tokens_in": sum(i.tokens_in for i in done),
                "tokens_out": sum(i.tokens_out for i in done), "calls": sum(i.calls for i in done),
                "seconds": round(sum(i.seconds for i in done), 1),
                "passed": sum(1 for i in done if i.passed)}
