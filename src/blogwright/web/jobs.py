"""Posts being written by the web page: each is a job on a server-side thread, so it goes on when
the page is reloaded or closed; the page re-attaches by replaying the job's events from a number.

A job's events are kept in order (`seq` = index + 1). Cancelling makes the job's event sink raise
KeyboardInterrupt in the writing thread, which the pipeline turns into a saved draft, as Ctrl-C does.

Each written part comes with its report (`edits.section_report`: the gates, the sentences they name),
so the page marks a failing part while the post is still being written. A job started with
`interview=True` asks the interview's questions once the outline is planned: the writing thread waits
(at most `interview_wait_s`; cancel still works) until `answer()` is called from the answer POST.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogwright import api
from blogwright.api.models import Backend, GateConfig, close_backend
from blogwright.api.posts import section_report
from blogwright.api.runs import new_run_id
from blogwright.api.writing import Interrupted
from blogwright.core.errors import BadInput, BlogwrightError
from blogwright.core.redact import redact
from blogwright.model.brief import Brief
from blogwright.model.events import CallFinished, Event, Note, PartWritten, SectionProgress, StageStarted, TokenStreamed
from blogwright.model.post import CONCLUSION, CONCLUSION_HEADING, INTRO, INTRO_LABEL, section_part
from blogwright.model.request import WriteRequest

log = logging.getLogger("blogwright.web")
BackendFactory = Callable[[str], Backend]
KEEP_FINISHED = 50  # finished jobs kept in memory (with their events) for pages to re-attach
INTERVIEW_WAIT_S = 900.0  # a job waits this long for the answers, then writes without them
MAX_ANSWER_CHARS = 1_000


@dataclass
class Job:
    id: str
    request: WriteRequest  # the brief and the options (model, seed, candidates, interview, ...)
    brief: Brief = field(init=False)  # the request's brief
    status: str = "running"  # running | done | cancelled | failed
    stage: str = "queued"
    error: str = ""
    path: str = ""
    created: float = field(default_factory=time.time)
    finished: float = 0.0
    outline: list[dict] = field(default_factory=list)  # planned sections: {part, heading, point}
    parts: dict[str, dict] = field(default_factory=dict)  # part -> {heading, text, notes}
    live: str = ""  # tokens of the call being streamed
    notes: list[str] = field(default_factory=list)
    tokens: int = 0
    first_token_s: float | None = None
    events: list[dict] = field(default_factory=list)
    cancel_requested: bool = False
    interview_wait_s: float = INTERVIEW_WAIT_S
    questions: list[str] = field(default_factory=list)  # the questions being asked (empty when none)
    answers: list[str] = field(default_factory=list)  # what the user answered (the check's notes too)
    gates: Callable[[], GateConfig] = field(default=GateConfig.load, repr=False)
    answered: threading.Event = field(default_factory=threading.Event, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    thread: threading.Thread | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.request = self.request.with_options(run_id=self.id, stream=True)
        self.brief = self.request.brief

    @property
    def model(self) -> str:
        return self.request.model or ""

    @property
    def running(self) -> bool:
        return self.status == "running"

    def snapshot(self) -> dict[str, Any]:
        """What the page needs to draw the job as it is now, and the event number to resume from."""
        with self.lock:
            return {"id": self.id, "topic": self.brief.topic, "voice": self.brief.voice,
                    "audience": self.brief.audience.value, "words": self.brief.words, "model": self.model,
                    "status": self.status, "stage": self.stage, "error": self.error, "path": self.path,
                    "outline": list(self.outline), "parts": dict(self.parts), "live": self.live,
                    "notes": list(self.notes[-20:]), "tokens": self.tokens, "seq": len(self.events),
                    "questions": list(self.questions), "asking": self.asking,
                    "interview_wait_s": self.interview_wait_s,
                    "elapsed": round((self.finished or time.time()) - self.created, 1)}

    @property
    def asking(self) -> bool:
        """True while the writing thread waits for the answers to `questions`."""
        return bool(self.questions) and not self.answered.is_set() and self.running

    def ask(self, questions: list[str]) -> list[str]:
        """The pipeline's interview callback (on the writing thread): show the questions, wait for
        `answer()`, the time limit or a cancel; one answer per question ("" skips one)."""
        with self.lock:
            self.questions, self.stage = list(questions), "questions"
        self._add("questions", questions=list(questions), wait_s=self.interview_wait_s)
        deadline = time.time() + self.interview_wait_s
        while not self.answered.wait(0.1):
            if self.cancel_requested:
                raise KeyboardInterrupt
            if time.time() >= deadline:
                self.answered.set()
                self.sink(Note(stage="plan", text=f"no answers after {self.interview_wait_s:.0f} s: "
                                                  "writing without them"))
                break
        with self.lock:
            answers = (self.answers + [""] * len(questions))[:len(questions)]
        self._add("answered", answered=sum(1 for a in answers if a.strip()))
        return answers

    def answer(self, answers: list[str]) -> int:
        """Give the waiting job its answers (an empty list skips them all); how many are not empty."""
        with self.lock:
            if not self.questions or self.answered.is_set() or not self.running:
                raise BadInput("this post is not waiting for answers")
            if len(answers) > len(self.questions):
                raise BadInput(f"{len(answers)} answers to {len(self.questions)} questions")
            self.answers = [" ".join(a.split())[:MAX_ANSWER_CHARS] for a in answers]
        self.answered.set()
        return sum(1 for a in self.answers if a)

    def report(self, e: PartWritten) -> dict | None:
        """The part's report (gates, flagged sentences) against the brief, the user's answers and the
        outline; None when the checks themselves fail (the post goes on)."""
        heading = e.heading or {INTRO: INTRO_LABEL, CONCLUSION: CONCLUSION_HEADING}.get(e.part, "")
        with self.lock:
            points = {s["heading"]: s["point"] for s in self.outline}
            answers = [a for a in self.answers if a]
        brief = self.brief.model_copy(update={"notes": [*self.brief.notes, *answers]}) if answers else self.brief
        try:
            return section_report(brief, points, heading, e.text, self.gates())
        except Exception:
            log.exception("job %s: checking %s failed", self.id, e.part)
            return None

    def events_after(self, seq: int) -> list[dict]:
        with self.lock:
            return self.events[max(0, seq):]

    def _add(self, kind: str, **data: Any) -> None:
        with self.lock:
            self.events.append({"seq": len(self.events) + 1, "kind": kind, **data})

    def sink(self, e: Event) -> None:
        """The pipeline's event sink (runs on the writing thread)."""
        if self.cancel_requested:
            raise KeyboardInterrupt
        if isinstance(e, TokenStreamed):
            with self.lock:
                if self.first_token_s is None:
                    self.first_token_s = time.time() - self.created
                self.live += e.text
                self.tokens += 1
            self._add("token", text=e.text)
        elif isinstance(e, StageStarted):
            with self.lock:
                self.stage = e.stage
                if e.outline is not None:
                    self.outline = [{"part": section_part(i), "heading": s.heading, "point": s.point}
                                    for i, s in enumerate(e.outline.sections)]
            self._add("stage", stage=e.stage, outline=self.outline if e.outline is not None else None)
        elif isinstance(e, PartWritten):
            part = {"heading": e.heading, "text": e.text, "notes": list(e.notes), "report": self.report(e)}
            with self.lock:
                self.parts[e.part] = part
                self.live = ""
            self._add("part", part=e.part, **part)
        elif isinstance(e, SectionProgress) and e.phase == "start":
            with self.lock:
                self.live = ""
            self._add("section", index=e.index, total=e.total, heading=e.heading)
        elif isinstance(e, Note):
            with self.lock:
                self.notes.append(e.text)
            self._add("note", text=e.text)
        elif isinstance(e, CallFinished):
            with self.lock:
                self.live = ""
            self._add("call", tokens_per_s=round(e.tokens_per_s, 1))

    def finish(self, status: str, *, error: str = "", path: str = "") -> None:
        error = redact(error)  # shown on the page and sent to every re-attaching page: no secrets
        with self.lock:
            self.status, self.error, self.path, self.finished = status, error, path, time.time()
            self.live = ""
        self._add("end", status=status, error=error, path=path)


class JobManager:
    """Starts, lists and cancels jobs. One backend per job: two posts never share model state."""

    def __init__(self, backend_factory: BackendFactory, out_dir: str | Path, max_running: int = 4,
                 gates: Callable[[], GateConfig] = GateConfig.load, interview_wait_s: float = INTERVIEW_WAIT_S):
        self.backend_factory = backend_factory
        self.out_dir = Path(out_dir)
        self.max_running = max_running
        self.gates = gates
        self.interview_wait_s = interview_wait_s
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def running(self) -> list[Job]:
        return [j for j in self.jobs.values() if j.running]

    def start(self, request: WriteRequest) -> Job:
        """Start writing `request`'s post on a thread of its own (its `out_dir` is this manager's)."""
        with self._lock:
            if len(self.running()) >= self.max_running:
                raise BadInput(f"{self.max_running} posts are being written already: wait for one, or cancel one")
            job = Job(id=new_run_id(), request=request.with_options(out_dir=self.out_dir),
                      interview_wait_s=self.interview_wait_s, gates=self.gates)
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if not j.running]
            for old in finished[:-KEEP_FINISHED]:  # their posts are in the log; only the events go
                del self.jobs[old.id]
        job.thread = threading.Thread(target=self._run, args=(job,), name=f"blogwright-job-{job.id}", daemon=True)
        job.thread.start()
        return job

    def _run(self, job: Job) -> None:
        backend = None
        try:
            backend = self.backend_factory(job.model)
            result = api.write(job.request, backend=backend, on_event=job.sink, ask=job.ask)
        except Interrupted as exc:
            job.finish("cancelled", path=str(getattr(exc, "path", "") or ""))
        except KeyboardInterrupt:
            job.finish("cancelled", error="cancelled before anything was written")
        except BlogwrightError as exc:
            job.finish("failed", error=str(exc))
        except Exception as exc:
            log.exception("job %s failed", job.id)
            job.finish("failed", error=f"{type(exc).__name__}: {exc}")
        else:
            job.finish("done", path=str(result.path))
        finally:
            if backend is not None:
                close_backend(backend)  # a job's own model is freed when the job ends

    def cancel(self, job_id: str) -> Job | None:
        job = self.jobs.get(job_id)
        if job is not None and job.running:
            job.cancel_requested = True
        return job

    def shutdown(self, timeout: float = 20.0) -> None:
        """Cancel every running job and wait for their drafts to be saved."""
        for job in self.running():
            job.cancel_requested = True
        deadline = time.time() + timeout
        for job in list(self.jobs.values()):
            if job.thread is not None:
                job.thread.join(max(0.0, deadline - time.time()))
