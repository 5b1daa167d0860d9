// blogwright's page script. Text from the server or the model is only ever set with textContent.
"use strict";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function paragraphs(container, text) {
  container.replaceChildren();
  for (const p of String(text || "").split(/\n\s*\n/)) if (p.trim()) container.appendChild(el("p", "", p.trim()));
}

// A part's text as the server split it (edits.mark_sentences): paragraphs of pieces {text, level, note};
// a sentence a gate names is a <mark class="flag bad|warn"> whose title says which gate and why.
function markedParagraphs(container, paras) {
  container.replaceChildren();
  for (const pieces of paras || []) {
    const p = el("p");
    for (const piece of pieces) {
      if (!piece.level) { p.appendChild(document.createTextNode(piece.text)); continue; }
      const m = el("mark", "flag " + (piece.level === "bad" ? "bad" : "warn"), piece.text);
      m.title = piece.note;
      p.appendChild(m);
    }
    container.appendChild(p);
  }
}

// A part's report, short: the verdict, then only the gates that failed or found something.
function checksBox(report) {
  // unverified claims alone: a warning, never a green tick (issue 22)
  const onlyFacts = !report.passed && report.blocking_failed.length === 1 && report.blocking_failed[0] === "facts";
  const box = el("aside", "checks " + (report.passed ? "ok" : onlyFacts ? "unverified" : "bad"));
  box.appendChild(el("p", "verdict", report.passed ? "✓ passes the gates"
    : onlyFacts ? "⚠ unverified claims: check the highlighted sentences"
    : "✗ fails: " + report.blocking_failed.map(n => (report.gates.find(g => g.name === n) || {}).label || n).join(", ")));
  const ul = el("ul");
  for (const g of report.gates) {
    if (g.status === "ok") continue;
    const li = el("li", g.status === "bad" ? "bad" : "warn", (g.label || g.name) + (g.blocking ? "" : " (advisory)"));
    li.dataset.gate = g.name;
    for (const f of g.findings) li.appendChild(el("div", "finding", f.message));
    if (g.more) li.appendChild(el("div", "finding", "and " + g.more + " more"));
    ul.appendChild(li);
  }
  if (ul.children.length) box.appendChild(ul);
  return box;
}

async function api(url, body) {
  const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify(body || {})});
  let data = {};
  try { data = await r.json(); } catch (e) { data = {error: r.status + " " + r.statusText}; }
  if (!r.ok) throw new Error(data.error || (r.status + " " + r.statusText));
  return data;
}

// ---- the post being written -------------------------------------------------------------------
// `layout` comes from the page (the server's one definition of the post's parts): the intro's and the
// conclusion's part names and headings; each planned section in `state.outline` carries its part name.
function jobPage(state, layout) {
  const partsEl = document.getElementById("job-parts");
  const order = () => [layout.intro.part, ...state.outline.map(s => s.part), layout.conclusion.part];
  const blocks = {}, drawn = {};
  let live = state.live || "";
  let current = null;
  let rate = "";

  function block(part) {
    if (!blocks[part]) {
      const sec = el("section", "part pending");
      sec.id = "job-part-" + part;
      const i = state.outline.findIndex(s => s.part === part);
      const heading = part === layout.intro.part ? layout.intro.heading
        : part === layout.conclusion.part ? layout.conclusion.heading
        : (state.outline[i] || {}).heading || layout.untitled + " " + (i + 1);
      sec.appendChild(el("h2", "", heading));
      sec.appendChild(el("div", "text"));
      sec.appendChild(el("div", "live"));
      partsEl.appendChild(sec);
      blocks[part] = sec;
    }
    return blocks[part];
  }

  function stats() {
    const done = Object.keys(state.parts).length, total = state.outline.length + 2;
    document.getElementById("job-stats").textContent =
      done + " of " + total + " parts · " + state.tokens + " tokens" + (rate ? " · " + rate + " tok/s" : "");
  }

  function draw() {
    if (state.outline.length) order().forEach(block);
    for (const [part, p] of Object.entries(state.parts)) {
      const b = block(part);
      if (drawn[part] === p) continue;
      drawn[part] = p;
      if (p.report) markedParagraphs(b.querySelector(".text"), p.report.paragraphs);
      else paragraphs(b.querySelector(".text"), p.text);
      b.querySelector("aside.checks")?.remove();
      if (p.report) {
        b.appendChild(checksBox(p.report));
        b.classList.toggle("failing", !p.report.passed);
        b.classList.toggle("passing", p.report.passed);
      }
      b.classList.remove("pending", "writing");
      b.classList.add("done");
      b.querySelector(".live").textContent = "";
    }
    current = order().find(p => !state.parts[p]) || null;
    for (const [part, b] of Object.entries(blocks)) {
      if (part === current && state.status === "running") {
        b.classList.add("writing"); b.classList.remove("pending");
        b.querySelector(".live").textContent = live;
      }
    }
    const done = Object.keys(state.parts).length, total = state.outline.length + 2;
    const bar = document.getElementById("job-progress");
    bar.max = total; bar.value = done;
    document.getElementById("job-status").textContent = state.status;
    document.getElementById("job-status").className = "badge " + state.status;
    document.getElementById("job-stage").textContent = state.status !== "running" ? ""
      : state.stage === "questions" ? "waiting for your answers" : "stage: " + state.stage;
    stats();
  }

  // the interview: questions once the outline is planned; the job waits for the answers (or a skip)
  const interview = document.getElementById("interview");
  function ask(questions, waitS) {
    const box = document.getElementById("interview-questions");
    box.replaceChildren();
    questions.forEach((q, i) => {
      const label = el("label", "", q), input = el("input", "answer");
      label.htmlFor = input.id = "answer-" + i;
      input.maxLength = 1000;
      box.append(label, input);
    });
    document.getElementById("interview-wait").textContent = waitS >= 120
      ? "up to " + Math.round(waitS / 60) + " minutes" : "up to " + Math.round(waitS) + " seconds";
    interview.hidden = false;
    box.querySelector("input")?.focus();
  }
  async function answer(answers) {
    for (const b of interview.querySelectorAll("button")) b.disabled = true;
    try { await api("/api/jobs/" + encodeURIComponent(state.id) + "/answers", {answers}); interview.hidden = true; }
    catch (e) { for (const b of interview.querySelectorAll("button")) b.disabled = false; alert(e.message); }
  }
  interview.addEventListener("submit", (ev) => {
    ev.preventDefault();
    answer([...interview.querySelectorAll("input.answer")].map(i => i.value));
  });
  document.getElementById("interview-skip").addEventListener("click", () => answer([]));
  if (state.asking) ask(state.questions, state.interview_wait_s);

  function end(status, error, path) {
    interview.hidden = true;
    state.status = status;
    live = "";
    for (const [part, b] of Object.entries(blocks)) {
      b.classList.remove("writing");
      b.querySelector(".live").textContent = "";
      if (status !== "done" && !state.parts[part]) { b.classList.remove("pending"); b.classList.add("unwritten"); }
    }
    document.getElementById("cancel").hidden = true;
    const box = document.getElementById("job-end");
    box.hidden = false;
    box.replaceChildren();
    if (status === "done") {
      box.appendChild(el("span", "", "Finished. Saved as " + path + ". "));
      const a = el("a", "", "Open the post to check and edit it");
      a.href = "/posts/" + state.id; a.id = "open-post";
      box.appendChild(a);
      setTimeout(() => { location.href = a.href; }, 1200);
    } else if (status === "cancelled") {
      box.appendChild(el("span", "", "Cancelled. " + (path ? "The draft was saved as " + path + ". " : error + " ")));
      if (path) { const a = el("a", "", "Open the draft"); a.href = "/posts/" + state.id; a.id = "open-post"; box.appendChild(a); }
    } else {
      box.classList.add("error");
      box.textContent = "The post could not be written: " + error;
    }
    draw();
  }

  draw();
  if (state.status !== "running") { end(state.status, state.error, state.path); return; }

  const es = new EventSource("/api/jobs/" + encodeURIComponent(state.id) + "/events?after=" + state.seq);
  es.onmessage = (m) => {
    const e = JSON.parse(m.data);
    state.seq = e.seq;
    if (e.kind === "token") {
      live += e.text; state.tokens += e.n || 1;
      if (current && blocks[current]) blocks[current].querySelector(".live").textContent = live;
      stats();
      return;
    }
    if (e.kind === "stage") { state.stage = e.stage; if (e.outline) state.outline = e.outline; }
    else if (e.kind === "part") {
      state.parts[e.part] = {heading: e.heading, text: e.text, notes: e.notes, report: e.report}; live = "";
    }
    else if (e.kind === "questions") { state.stage = "questions"; ask(e.questions, e.wait_s); }
    else if (e.kind === "answered") interview.hidden = true;
    else if (e.kind === "section" || e.kind === "call") { live = ""; if (e.tokens_per_s) rate = e.tokens_per_s; }
    else if (e.kind === "note") document.getElementById("job-notes").appendChild(el("li", "", e.text));
    else if (e.kind === "end") { es.close(); end(e.status, e.error, e.path); return; }
    draw();
  };
  es.addEventListener("end", () => es.close());

  document.getElementById("cancel").addEventListener("click", async (ev) => {
    ev.target.disabled = true;
    ev.target.textContent = "Cancelling…";
    try { await api("/api/jobs/" + encodeURIComponent(state.id) + "/cancel"); }
    catch (e) { ev.target.disabled = false; alert(e.message); }
  });
}

// ---- a finished post ---------------------------------------------------------------------------
function postPage(root) {
  const run = encodeURIComponent(root.dataset.run);
  const msg = document.getElementById("msg");
  const say = (text, bad) => { msg.textContent = text; msg.className = "msg " + (bad ? "bad" : "ok"); };
  const busy = (button, on, label) => {
    button.disabled = on;
    if (on) { button.dataset.label = button.textContent; button.textContent = label; }
    else if (button.dataset.label) button.textContent = button.dataset.label;
  };

  for (const sec of root.querySelectorAll("section.part")) {
    const part = sec.dataset.part;
    const url = "/api/posts/" + run + "/parts/" + encodeURIComponent(part);
    const textEl = sec.querySelector(".text"), raw = sec.querySelector(".raw");
    const actions = sec.querySelector(".actions");

    sec.querySelector(".edit").addEventListener("click", () => {
      const area = el("textarea", "editor");
      area.value = raw.value;
      area.rows = Math.max(6, Math.round(raw.value.length / 70));
      const save = el("button", "primary save-edit", "Save edit"), cancel = el("button", "", "Cancel");
      const box = el("div", "editing");
      box.append(area, save, cancel);
      textEl.hidden = true; actions.hidden = true;
      sec.querySelector(".body").insertBefore(box, actions);
      area.focus();
      cancel.addEventListener("click", () => { box.remove(); textEl.hidden = false; actions.hidden = false; });
      save.addEventListener("click", async () => {
        busy(save, true, "Saving…");
        try { await api(url, {text: area.value, origin: "edit"}); location.reload(); }
        catch (e) { busy(save, false); say(e.message, true); }
      });
    });

    const regen = sec.querySelector(".regenerate");
    if (regen) regen.addEventListener("click", async () => {
      const instruction = sec.querySelector(".instruction").value;
      busy(regen, true, "Writing a new version…");
      try {
        const data = await api(url + "/regenerate", {instruction});
        const box = sec.querySelector(".proposal");
        markedParagraphs(box.querySelector(".proposal-text"), data.report.paragraphs);
        box.querySelector(".proposal-checks").replaceChildren(checksBox(data.report));
        box.hidden = false;
        box.dataset.text = data.text;
        box.dataset.instruction = instruction;
      } catch (e) { say(e.message, true); }
      busy(regen, false);
    });

    const proposal = sec.querySelector(".proposal");
    proposal.querySelector(".accept").addEventListener("click", async (ev) => {
      busy(ev.target, true, "Saving…");
      try {
        await api(url, {text: proposal.dataset.text, origin: "regenerate", instruction: proposal.dataset.instruction});
        location.reload();
      } catch (e) { busy(ev.target, false); say(e.message, true); }
    });
    proposal.querySelector(".discard").addEventListener("click", () => { proposal.hidden = true; });

    const revert = sec.querySelector(".revert");
    if (revert) revert.addEventListener("click", async () => {
      busy(revert, true, "Reverting…");
      try { await api(url + "/revert"); location.reload(); }
      catch (e) { busy(revert, false); say(e.message, true); }
    });
  }

  const meta = document.getElementById("meta");
  if (meta) meta.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const btn = document.getElementById("meta-save");
    busy(btn, true, "Saving…");
    const body = {};
    for (const name of ["title", "summary", "tags", "description", "slug", "date"]) body[name] = meta.elements[name].value;
    try { await api("/api/posts/" + run + "/meta", body); location.reload(); }
    catch (e) { busy(btn, false); say(e.message, true); }
  });

  const save = document.getElementById("save");
  save.addEventListener("click", async () => {
    busy(save, true, "Saving…");
    try {
      const data = await api("/api/posts/" + run + "/save");
      say("Saved as " + data.path + (data.feedback ? ". " + data.feedback : ""));
    } catch (e) { say(e.message, true); }
    busy(save, false);
  });

  const pub = document.getElementById("publish");
  pub.addEventListener("click", async () => {
    busy(pub, true, "Publishing…");
    try {
      const data = await api("/api/posts/" + run + "/publish", {
        target: document.getElementById("publish-target").value,
        live: document.getElementById("publish-live").checked,
        force: document.getElementById("publish-force").checked});
      say(data.action + ": " + data.location);
    } catch (e) { say(e.message, true); }
    busy(pub, false);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const state = document.getElementById("job-state");
  if (state) jobPage(JSON.parse(state.textContent), JSON.parse(document.getElementById("post-layout").textContent));
  const post = document.getElementById("post");
  if (post) postPage(post);
  for (const t of document.querySelectorAll("time[data-ts]"))
    t.textContent = new Date(Number(t.dataset.ts) * 1000).toLocaleString();
  const voice = document.getElementById("voice"), hint = document.getElementById("voice-hint");
  if (voice && hint) voice.addEventListener("change", () => {  // the description follows the voice picked
    const opt = voice.selectedOptions[0];
    const b = el("b", "", opt.value);
    hint.replaceChildren(b, document.createTextNode(": " + (opt.dataset.description || "")));
  });
  const form = document.getElementById("new-post");
  if (form) form.addEventListener("submit", () => {
    const b = document.getElementById("write"); b.disabled = true; b.textContent = "Starting…";
  });
});
