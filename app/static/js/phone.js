// The delegate's phone: read the card token, ask the server what is open, fetch an anonymous
// credential for every open poll automatically (before the voter decides anything), show the
// ballot, cast it without any identity, show the receipt.
//
// One device may serve several cards one after the other (a shared tablet, the desk's booth):
// everything stored belongs to one card (store.forCard), the page shows only the card open now,
// and work started for a card (a credential request, a ballot on its way) finishes for that
// card even if another card is opened meanwhile.
import * as api from "./api.js";
import * as cast from "./cast.js";
import * as store from "./store.js";
import { renderBallotForm } from "./ballot_form.js";
import { ensureCredential } from "./credential.js";
import { startBooth } from "./booth.js";
import {
  $, choiceList, clearCard, closedNote, el, fill, focusReceipt, pollCard, problemText,
  setStatus, setup, showAlert, showDelegate, showReceipt, showReceiptList,
} from "./poll_view.js";

const root = document.getElementById("phone");
const t = JSON.parse(document.getElementById("phone-strings").textContent);
const pollSeconds = Number(root.dataset.pollSeconds) || 4;
api.setBase(root.dataset.api);
setup(t, root.dataset.public);

const views = new Map(); // public_id -> {card, form, poll, records} of the card shown now
let shownKey = null; // the card whose data the page shows (store.cardKey)
let generation = 0; // counts card changes: an answer for an earlier card draws nothing
let timer = null;

// --- booth mode: the device remembers it, so a card scanned with the camera lands here too ----
const booth = root.dataset.booth === "1" ? startBooth(root, t, forgetForBooth) : null;
const leaving = !booth && Boolean(store.getBooth());
if (leaving) window.location.replace(root.dataset.boothPage + window.location.hash);

// --- language: remember the choice so a later visit (no ?lang=) opens in it ------------------
(function language() {
  const params = new URLSearchParams(window.location.search);
  const chosen = params.get("lang");
  if (chosen) store.setLang(chosen);
  else if (store.getLang() && store.getLang() !== document.documentElement.lang) {
    window.location.replace(`?lang=${encodeURIComponent(store.getLang())}${window.location.hash}`);
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
  const code = store.normaliseCode(raw);
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(code) ? code : null;
}

function showWelcome() {
  showCard(null);
  $("welcome").hidden = false;
  $("forget").hidden = true;
  setStatus("");
}

// The records of the card open now; drawing another card first removes everything shown.
function showCard(token) {
  const key = token ? store.cardKey(token) : null;
  if (key !== shownKey) {
    shownKey = key;
    generation += 1;
    views.clear();
    clearCard();
    showAlert("");
    if (booth) booth.card(Boolean(key));
  }
  return key ? store.forKey(key) : null;
}

// --- drawing one poll -------------------------------------------------------------------------
// keep: show the form drawn before, with its marks ("Ändern" on the review), not a new one.
function showBallot(view, { keep = false } = {}) {
  const body = view.card.querySelector(".poll-body");
  if (view.shown === "ballot") return;
  view.shown = "ballot";
  if (!keep || !view.form) view.form = renderBallotForm(view.poll, t);
  view.form.element.hidden = false;
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
    showBallot(view, { keep: true });
    view.form.focusFirst(); // the keyboard goes on where the person left the ballot
  });
  send.addEventListener("click", () => castNow(view, view.form.ballot(), summary));
  review.append(el("div", { class: "actions stack" }, send, change));
  body.append(review);
  send.focus();
}

// --- casting (cast.js keeps the ballot until its receipt arrives) ------------------------------
function castNow(view, ballot, summary) {
  cast.keepBallot(view.records, view.poll, ballot, summary);
  sendKept(view);
}

async function sendKept(view) {
  const id = view.poll.public_id;
  const kept = cast.pendingBallot(view.records, id);
  if (!kept || cast.isSending(view.records, id)) return;
  view.shown = "sending";
  boothCheck();
  const note = el("p", { class: "sending-state", role: "status", text: t.sending });
  view.card.querySelector(".poll-body").replaceChildren(
    el("h3", { text: t.your_choice }), choiceList(kept.summary || [], "review-list"), note);
  const outcome = await cast.sendKeptBallot(view.records, id, (err) => {
    note.textContent = err.status === 0 ? t.network_retry : problemText(err);
  });
  if (!outcome || views.get(id) !== view) return; // another card is shown by now
  if (outcome.refused) refused(view, outcome.refused);
  else {
    showReceipt(view, outcome, kept.summary);
    focusReceipt(view);
  }
  renderReceipts(view.records);
  boothCheck();
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

// Ballots other cards confirmed on this device and not yet answered (the holder opened the
// card, voted, and another card was opened before the answer came): sent all the same, shown
// to nobody; the receipt waits in that card's records (a booth keeps none).
function sendOtherCards(currentKey) {
  for (const { key, publicId } of store.waitingEverywhere()) {
    if (key === currentKey) continue;
    const records = store.forKey(key);
    cast.sendKeptBallot(records, publicId, () => {}).then((outcome) => {
      if (outcome && booth) records.drop(publicId);
    });
  }
}

function viewFor(poll, records) {
  let view = views.get(poll.public_id);
  if (!view) {
    $(`poll-${poll.public_id}`)?.remove(); // a note left when the poll was last dropped
    view = { poll, records, card: pollCard(poll), shown: null };
    views.set(poll.public_id, view);
    $("polls").append(view.card);
  }
  return view;
}

// A record the old one-card layout kept is this card's only if the server issued this card a
// credential for the poll; otherwise it belonged to a card opened before (store.migrate).
function claimMigrated(records, poll) {
  const rec = records.get(poll.public_id);
  if (!rec || !rec.migrated || rec.stage === "blinded") return;
  if (poll.credential_issued) records.put(poll.public_id, { migrated: null });
  else store.disown(records.key, poll.public_id);
}

// A poll this card cannot vote in here (ballot fetched elsewhere, or paper from the desk).
function showNoBallot(view, text) {
  const state = view.card.querySelector(".cred-state");
  state.textContent = text;
  state.classList.add("warn");
  view.card.querySelector(".poll-body").replaceChildren();
  view.shown = "elsewhere";
}

async function showPoll(poll, token, records, gen) {
  claimMigrated(records, poll);
  const view = viewFor(poll, records);
  view.poll = poll;
  const stored = records.get(poll.public_id);
  if (stored && (stored.stage === "cast" || stored.stage === "unconfirmed")) {
    if (view.shown !== "receipt") showReceipt(view, stored);
    return;
  }
  if (cast.pendingBallot(records, poll.public_id)) {
    sendKept(view);
    return;
  }
  const state = view.card.querySelector(".cred-state");
  // the desk handed out a paper ballot: no ballot here, even if a credential is stored
  if (poll.paper_ballot) return showNoBallot(view, t.paper_ballot);
  try {
    const rec = await ensureCredential(poll, token, records);
    if (!rec || gen !== generation) return;
    if (rec.stage === "elsewhere") return showNoBallot(view, t.credential_elsewhere);
    state.textContent = t.credential_ready;
    state.classList.remove("warn");
    showBallot(view);
  } catch (err) {
    if (gen !== generation) return;
    state.textContent = err.status === 0 ? t.offline : `${t.credential_failed} (${problemText(err)})`;
    state.classList.add("warn");
  }
}

// A ballot still on its way when its poll is no longer listed (closed meanwhile, or the card
// holder checked out) is sent all the same: casting never depends on presence.
function resendUnlisted(records, openIds) {
  for (const id of Object.keys(records.all())) {
    const kept = cast.pendingBallot(records, id);
    if (kept && !openIds.has(id)) {
      sendKept(viewFor({ public_id: id, title: kept.title, kind: kept.kind }, records));
    }
  }
}

// Polls missing from the list: closed (or voided), or this card may not vote right now (the
// server lists no poll then). A fetched credential stays stored for a return to the desk.
async function dropUnlisted(records, openIds, delegate) {
  for (const [id, view] of views) {
    if (openIds.has(id) || cast.isSending(records, id)) continue;
    const rec = records.get(id);
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

function renderReceipts(records) {
  const open = new Set(views.keys());
  showReceiptList(records.receipts().filter((r) => !open.has(r.publicId)));
}

// The booth forgets a card once every poll shown has its receipt (or the delegate went idle).
function boothCheck() {
  if (!booth) return;
  const shown = [...views.values()].map((view) => view.shown);
  booth.update({
    busy: shown.includes("sending"),
    done: shown.length > 0 && shown.every((s) => s === "receipt" || s === "elsewhere"),
  });
}

// --- the regular question to the server -------------------------------------------------------
async function tick() {
  const token = store.getToken();
  const records = showCard(token);
  sendOtherCards(records && records.key);
  if (!records) {
    showWelcome();
    return;
  }
  const gen = generation;
  let data;
  try {
    data = await api.me(token);
  } catch (err) {
    if (gen !== generation) return;
    if (err.status === 401) {
      store.setToken(null); // the card's records stay: a ballot on its way is still sent
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
  if (gen !== generation) return;
  showAlert("");
  $("welcome").hidden = true;
  $("me").hidden = false;
  $("forget").hidden = false;
  showDelegate(data.delegate);
  setStatus(data.polls.length ? "" : data.delegate.entitled ? t.no_polls : "");
  const openIds = new Set(data.polls.map((p) => p.public_id));
  resendUnlisted(records, openIds);
  await dropUnlisted(records, openIds, data.delegate);
  if (gen !== generation) return;
  await Promise.all(data.polls.map((poll) => showPoll(poll, token, records, gen)));
  if (gen !== generation) return;
  renderReceipts(records);
  boothCheck();
  schedule(data.poll_seconds);
}

function schedule(seconds = pollSeconds) {
  window.clearTimeout(timer);
  const jitter = 0.7 + Math.random() * 0.6; // spread 1,000 phones over time
  timer = window.setTimeout(tick, seconds * 1000 * jitter);
}

// "Karte vergessen" never drops a confirmed ballot silently: it names what is still unsent.
function mayForget(question) {
  const token = store.getToken();
  const waiting = token ? store.forCard(token).waiting() : [];
  if (!waiting.length) return window.confirm(question);
  const titles = waiting.map((w) => `»${w.title}«`).join(", ");
  return window.confirm(fill(t.forget_waiting, { titles }));
}

function forgetForBooth() {
  store.clearForNextDelegate();
  window.location.reload();
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
  if (booth) {
    forgetForBooth(); // a ballot on its way stays and is sent (store.clearForNextDelegate)
    return;
  }
  if (!mayForget(t.forget_confirm)) return;
  const token = store.getToken();
  if (token) store.forgetCard(store.cardKey(token));
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

if (!leaving) {
  takeTokenFromFragment();
  tick();
}
