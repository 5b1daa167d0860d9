"""`blogwright batch`: a content calendar written as a durable, resumable, concurrent queue.

    planned = plan_batch("calendar.yaml", "posts")            # checks every row; creates or finds the batch
    report = Runner(planned.batch_id, RunOptions(concurrency=4)).run()

Layering: below `api`, which is the door the surfaces (cli, web) use to plan, run and list batches;
above the pipeline (each post is `pipeline.logged.write_logged`, as in `api.write`).
"""

from blogwright.batch.calendar import Calendar, CalendarError, Row, parse_calendar
from blogwright.batch.events import BatchNote, BatchReport, BatchStarted, ItemFinished, ItemReport
from blogwright.batch.limiter import LimitedBackend, Limiter, TokenBucket
from blogwright.batch.prepare import Planned, plan_batch, read_calendar
from blogwright.batch.queue import Queue
from blogwright.batch.report import batch_report
from blogwright.batch.run import BatchStopped, Runner, RunOptions

__all__ = ["BatchNote", "BatchReport", "BatchStarted", "BatchStopped", "Calendar", "CalendarError", "ItemFinished",
           "ItemReport", "LimitedBackend", "Limiter", "Planned", "Queue", "Row", "RunOptions", "Runner", "TokenBucket",
           "batch_report", "parse_calendar", "plan_batch", "read_calendar"]
