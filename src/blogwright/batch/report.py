"""A batch as it stands in the queue: a row per post, counts, and (for a run) its waits."""

from __future__ import annotations

from blogwright.batch.events import BatchReport, Counts, ItemReport
from blogwright.batch.limiter import Limiter
from blogwright.batch.queue import Queue
from blogwright.core.errors import BadInput
from blogwright.store import judged


def _failed(queue: Queue, run_id: str | None) -> list[str]:
    """The blocking gates the run's post failed (its verdict in the log)."""
    row = queue.db.execute("SELECT verdict, report FROM runs WHERE id = ?", (run_id,)).fetchone() if run_id else None
    return judged({"verdict": row[0], "report": row[1]})["failed_gates"] if row else []


def batch_report(queue: Queue, batch_id: str, status: str | None = None, wall_s: float = 0.0,
                 limiter: Limiter | None = None) -> BatchReport:
    batch = queue.find(batch_id)
    if batch is None:
        raise BadInput(f"no batch {batch_id!r} in the log (`blogwright batches` lists them)")
    items = [ItemReport(idx=i["idx"], line=i["line"], slug=i["slug"], topic=i["topic"], status=i["status"],
                        path=i["post_path"] or "", run_id=i["run_id"] or "", words=i["words"] or 0,
                        passed=None if i["passed"] is None else bool(i["passed"]),
                        failed_gates=_failed(queue, i["run_id"]) if i["passed"] == 0 else [], tokens_in=i["tokens_in"] or 0,
                        tokens_out=i["tokens_out"] or 0, calls=i["calls"] or 0, seconds=round(i["seconds"] or 0, 1),
                        attempts=i["attempts"], publish=i["publish"] or "", error=i["error"] or "")
             for i in queue.items(batch["id"], spec=False)]
    c = queue.counts(batch["id"])
    stats = limiter.stats if limiter else None
    return BatchReport(batch_id=batch["id"], status=status or batch["status"], out_dir=batch["out_dir"], items=items,
                       counts=Counts(done=c["done"], failed=c["failed"], running=c["running"], pending=c["pending"],
                                     total=c["total"]),
                       wall_s=round(wall_s, 2), retries=stats.retries if stats else 0,
                       throttled=stats.throttled if stats else 0, waited_s=round(stats.waited_s, 1) if stats else 0.0)
