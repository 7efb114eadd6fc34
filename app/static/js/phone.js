// The delegate's phone: read the card token, ask the server what is open, fetch an anonymous
// credential for every open poll automatically (before the voter decides anything), show the
// ballot, cast it without any identity, show the receipt.
import * as api from "./api.js";
import * as cast from "./cast.js";
import * as store from "./store.js";
import { renderBallotForm } from "./ballot_form.js";
import { ensureCredential } from "./credential.js";

const root = document.getElementById("phone");
const t = JSON.parse(document.getElementById("phone-strings").textContent);
const $ = (id) => document.getElementById(id);
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k] ?? ""));
const pollSeconds = Number(root.dataset.pollSeconds) || 4;
const publicBase = root.dataset.public;
api.setBase(root.dataset.api);

const views = new Map(); // public_id -> {card, form, poll}
let timer = null;

// --- language: remember the choice so a later visit (no ?lang=) opens in it ------------------
(function language() {
  const params = new URLSearchParams(window.location.search);
  const chosen = params.get("lang");
  if (chosen) store.setLang(chosen);
  else if (store.getLang() && store.getLang() !== document.documentElement.lang) {
    window.location.replace(`?lang=${encodeURIComponent(store.getLang())}`);
  }
})();

// --- token: from the URL fragment on the first scan, then from localStorage ------------------
function takeTokenFromFragment() {
  const match = /(?:^#|&)t=([^&]+)/.exec(window.location.hash);
  if (match) {
    store.setToken(decodeURIComponent(match[1]));
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
}

function normaliseCode(raw) {
  const code = raw.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1").replace(/U/g, "V");
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(code) ? code : null;
}

// What to tell the person about a failed call: the server's sentence (in the page's language),
// never the browser's own English network error or an HTTP status text from a proxy.
function problemText(err) {
  if (err.status === 0) return t.offline;
  if (String(err.code).startsWith("http_")) return fill(t.server_error, { status: err.status });
  return err.message;
}

function showAlert(text) {
  const box = $("alert");
  box.textContent = text || "";
  box.hidden = !text;
}

function setStatus(text) {
  $("status").textContent = text;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function showWelcome() {
  $("welcome").hidden = false;
  $("me").hidden = true;
  $("forget").hidden = true;
  setStatus("");
}

// --- drawing the open polls -------------------------------------------------------------------
function pollCard(poll) {
  const card = el("section", { class: "card poll", id: `poll-${poll.public_id}` });
  const kind = poll.kind === "motion" ? t.motion : t.election;
  card.append(el("p", { class: "poll-kind", text: kind }), el("h2", { text: poll.title }));
  if (poll.kind !== "motion" && poll.contest) {
    const seats = poll.contest.seats || 1;
    card.append(el("p", { class: "hint", text: seats === 1 ? t.seat : fill(t.seats, { n: seats }) }));
  }
  card.append(el("p", { class: "cred-state", role: "status", text: t.credential_wait }));
  card.append(el("div", { class: "poll-body" }));
  return card;
}

function showBallot(view) {
  const body = view.card.querySelector(".poll-body");
  if (view.shown === "ballot") return;
  view.shown = "ballot";
  view.form = renderBallotForm(view.poll, t);
  const error = el("p", { class: "flash flash-error", role: "alert", hidden: "" });
  const next = el("button", { type: "button", class: "primary wide", text: t.review });
  next.addEventListener("click", () => {
    const problem = view.form.problem();
    error.hidden = !problem;
    error.textContent = problem || "";
    if (!problem) showReview(view);
  });
  body.replaceChildren(view.form.element, error, next);
}

function showReview(view) {
  const body = view.card.querySelector(".poll-body");
  view.form.element.hidden = true;
  for (const child of [...body.children]) if (child !== view.form.element) child.remove();
  const review = el("div", { class: "review" });
  const summary = view.form.describe();
  review.append(el("h3", { text: t.your_choice }), choiceList(summary, "review-list"));
  review.append(el("p", { text: t.confirm_question }));
  const send = el("button", { type: "button", class: "primary wide", text: t.cast });
  const change = el("button", { type: "button", class: "wide", text: t.change });
  change.addEventListener("click", () => {
    review.remove();
    view.shown = null;
    showBallot(view);
  });
  send.addEventListener("click", () => castNow(view, view.form.ballot(), summary));
  review.append(el("div", { class: "actions stack" }, send, change));
  body.append(review);
  send.focus();
}

function choiceList(lines, className, itemClass = "") {
  return el("ul", { class: className },
    ...lines.map((line) => el("li", itemClass ? { class: itemClass, text: line } : { text: line })));
}

// --- casting (cast.js keeps the ballot until its receipt arrives) ------------------------------
function castNow(view, ballot, summary) {
  cast.keepBallot(view.poll, ballot, summary);
  sendKept(view);
}

async function sendKept(view) {
  const id = view.poll.public_id;
  const kept = cast.pendingBallot(id);
  if (!kept || cast.isSending(id)) return;
  view.shown = "sending";
  const note = el("p", { class: "sending-state", role: "status", text: t.sending });
  view.card.querySelector(".poll-body").replaceChildren(
    el("h3", { text: t.your_choice }), choiceList(kept.summary || [], "review-list"), note);
  const outcome = await cast.sendKeptBallot(id, (err) => {
    note.textContent = err.status === 0 ? t.network_retry : problemText(err);
  });
  if (!outcome) return;
  if (outcome.refused) {
    refused(view, outcome.refused);
    return;
  }
  showReceipt(view, outcome, kept.summary);
  renderReceipts();
}

function refused(view, err) {
  if (err.code === "poll_closed" || !view.poll.form) {
    // Closed before it arrived, or a poll no longer listed: nothing to fill in again here.
    view.card.replaceChildren(err.code === "poll_closed" ? closedNote(view.poll.title)
      : el("p", { class: "flash flash-error", role: "alert", text: problemText(err) }));
    views.delete(view.poll.public_id);
    return;
  }
  view.shown = null;
  showBallot(view);
  const error = view.card.querySelector(".poll-body .flash-error");
  error.hidden = false;
  error.textContent = problemText(err);
}

function receiptLink(publicId, tracker, attrs = {}) {
  const href = `${publicBase}p/${encodeURIComponent(publicId)}?tracker=${encodeURIComponent(tracker)}#stimmzettel`;
  return el("a", { href, ...attrs });
}

function showReceipt(view, rec, summary) {
  view.shown = "receipt";
  view.card.querySelector(".cred-state").textContent = "";
  view.card.classList.toggle("done", rec.stage === "cast" && !rec.conflict);
  const parts = [];
  if (rec.stage === "unconfirmed") {
    parts.push(el("p", { class: "flash flash-warning", role: "status", text: t.closed_unconfirmed }));
  } else if (rec.conflict) {
    parts.push(el("p", { class: "flash flash-warning", role: "alert", text: t.earlier_counted }));
  } else {
    parts.push(el("p", { class: "accepted", role: "status", text: "✓ " + t.accepted }));
    if (summary && summary.length) {
      parts.push(el("p", { class: "tracker-label", text: t.your_choice }),
        choiceList(summary, "review-list", "receipt-choice"));
    }
  }
  parts.push(
    el("p", { class: "tracker-label", text: t.tracker_label }),
    el("p", { class: "tracker", "data-tracker": rec.tracker, text: rec.tracker }),
    el("p", { class: "hint", text: t.tracker_hint }),
    el("p", {}, receiptLink(view.poll.public_id, rec.tracker, { text: t.public_list })),
  );
  view.card.querySelector(".poll-body").replaceChildren(...parts);
}

const closedNote = (title) =>
  el("p", { class: "flash flash-warning", role: "status", text: fill(t.closed_before_cast, { title }) });

function viewFor(poll) {
  let view = views.get(poll.public_id);
  if (!view) {
    $(`poll-${poll.public_id}`)?.remove(); // a note left when the poll was last dropped
    view = { poll, card: pollCard(poll), shown: null };
    views.set(poll.public_id, view);
    $("polls").append(view.card);
  }
  return view;
}

async function showPoll(poll, token) {
  const view = viewFor(poll);
  view.poll = poll;
  const stored = store.getPoll(poll.public_id);
  if (stored && (stored.stage === "cast" || stored.stage === "unconfirmed")) {
    if (view.shown !== "receipt") showReceipt(view, stored);
    return;
  }
  if (cast.pendingBallot(poll.public_id)) {
    sendKept(view);
    return;
  }
  const state = view.card.querySelector(".cred-state");
  try {
    const rec = await ensureCredential(poll, token);
    if (!rec) return;
    if (rec.stage === "elsewhere") {
      state.textContent = t.credential_elsewhere;
      state.classList.add("warn");
      view.card.querySelector(".poll-body").replaceChildren();
      return;
    }
    state.textContent = t.credential_ready;
    state.classList.remove("warn");
    showBallot(view);
  } catch (err) {
    state.textContent = err.status === 0 ? t.offline : `${t.credential_failed} (${problemText(err)})`;
    state.classList.add("warn");
  }
}

// A ballot still on its way when its poll is no longer listed (closed meanwhile, or the card
// holder checked out) is sent all the same: casting never depends on presence.
function resendUnlisted(openIds) {
  for (const id of Object.keys(store.allPolls())) {
    const kept = cast.pendingBallot(id);
    if (kept && !openIds.has(id)) sendKept(viewFor({ public_id: id, title: kept.title, kind: kept.kind }));
  }
}

// Polls missing from the list: closed (or voided), or this card may not vote right now (the
// server lists no poll then). A fetched credential stays stored for a return to the desk.
async function dropUnlisted(openIds, delegate) {
  for (const [id, view] of views) {
    if (openIds.has(id) || cast.isSending(id)) continue;
    const rec = store.getPoll(id);
    if (rec && ["cast", "unconfirmed"].includes(rec.stage)) {
      view.card.remove();
    } else if (!delegate.entitled && await stillOpen(id)) {
      let text = fill(delegate.present ? t.dropped_not_entitled : t.dropped_not_present,
        { title: view.poll.title });
      if (rec && rec.stage === "ready") text += " " + t.credential_kept;
      view.card.replaceChildren(el("p", { class: "flash flash-warning", role: "status", text }));
    } else {
      view.card.replaceChildren(closedNote(view.poll.title));
    }
    views.delete(id);
  }
}

async function stillOpen(publicId) {
  try {
    return (await api.pollStatus(publicId)).state === "open";
  } catch (_err) {
    return false;
  }
}

function renderReceipts() {
  const list = $("receipt-list");
  const open = new Set(views.keys());
  const items = store.receipts().filter((r) => !open.has(r.publicId));
  list.replaceChildren(...items.map((r) => el("li", {},
    el("span", { class: "receipt-title", text: r.title || r.publicId }), " ",
    receiptLink(r.publicId, r.tracker, { class: "tracker-small", text: r.tracker }))));
  $("receipts").hidden = items.length === 0;
}

function showDelegate(delegate) {
  $("me-name").textContent = fill(t.signed_in_as, { name: delegate.name });
  const presence = $("me-presence");
  presence.className = "badge " + (delegate.entitled ? "badge-open" : "badge-void");
  if (delegate.entitled) presence.textContent = t.present;
  else if (delegate.represented_by) presence.textContent = t.represented_badge;
  else presence.textContent = delegate.present ? t.not_entitled : t.not_present;
  let note = "";
  if (delegate.represents) note = fill(t.represents, { name: delegate.represents });
  else if (delegate.represented_by) note = fill(t.represented_by, { name: delegate.represented_by });
  $("me-note").hidden = !note;
  $("me-note").textContent = note;
}

// --- the regular question to the server -------------------------------------------------------
async function tick() {
  const token = store.getToken();
  if (!token) {
    showWelcome();
    return;
  }
  let data;
  try {
    data = await api.me(token);
  } catch (err) {
    if (err.status === 401) {
      store.setToken(null);
      showWelcome();
      showAlert(problemText(err));
      return;
    }
    if (err.status === 429) {
      // too many refused cards in the hall: ask again when the server says, not before
      showAlert(problemText(err));
      schedule(Math.max(err.retryAfter, pollSeconds) / 0.7);
      return;
    }
    setStatus(t.offline);
    schedule();
    return;
  }
  showAlert("");
  $("welcome").hidden = true;
  $("me").hidden = false;
  $("forget").hidden = false;
  showDelegate(data.delegate);
  setStatus(data.polls.length ? "" : data.delegate.entitled ? t.no_polls : "");
  const openIds = new Set(data.polls.map((p) => p.public_id));
  resendUnlisted(openIds);
  await dropUnlisted(openIds, data.delegate);
  await Promise.all(data.polls.map((poll) => showPoll(poll, token)));
  renderReceipts();
  schedule(data.poll_seconds);
}

function schedule(seconds = pollSeconds) {
  window.clearTimeout(timer);
  const jitter = 0.7 + Math.random() * 0.6; // spread 1,000 phones over time
  timer = window.setTimeout(tick, seconds * 1000 * jitter);
}

$("code-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = normaliseCode($("code").value);
  if (!code) {
    showAlert(t.code_bad);
    return;
  }
  store.setToken(code);
  $("code").value = "";
  setStatus("");
  tick();
});

$("forget").addEventListener("click", () => {
  if (!window.confirm(t.forget_confirm)) return;
  store.forgetAll();
  window.location.reload();
});

window.addEventListener("hashchange", () => {
  // A card scanned while this page is open changes only the fragment: no reload happens.
  if (/(?:^#|&)t=/.test(window.location.hash)) {
    takeTokenFromFragment();
    tick();
  }
});

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && store.getToken()) tick();
});

takeTokenFromFragment();
tick();
