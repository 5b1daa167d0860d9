"""`blogwright batch`: plan a content calendar into a durable queue, run it (resumable, concurrent,
rate limited), list batches and report on one. The engine is `blogwright.batch`, under this door."""

from __future__ import annotations

from blogwright.batch import (
    BatchNote,
    BatchReport,
    BatchStarted,
    CalendarError,
    ItemFinished,
    Queue,
    Runner,
    RunOptions,
    batch_report,
    plan_batch,
    read_calendar,
)
from blogwright.batch.prepare import resolve_target

__all__ = ["BatchNote", "BatchReport", "BatchStarted", "CalendarError", "ItemFinished", "Queue", "RunOptions", "Runner",
           "batch_report", "plan_batch", "read_calendar", "resolve_target"]
