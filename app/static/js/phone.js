// The delegate's phone: read the card token, ask the server what is open, fetch an anonymous
// credential for every open poll automatically (before the voter decides anything), show the
// ballot, cast it without any identity, show the receipt.
import * as api from "./api.js";
import * as store from "./store.js";
import { renderBallotForm } from "./ballot_form.js";
import {
  b64urlDecode,
  b64urlEncode,
  blind,
  credentialHash,
  credentialMessage,
  finalize,
  importPublicKey,
  trackerCode,
} from "./rsabssa.js";

const root = document.getElementById("phone");
const t = JSON.parse(document.getElementById("phone-strings").textContent);
const $ = (id) => document.getElementById(id);
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k] ?? ""));
const pollSeconds = Number(root.dataset.pollSeconds) || 4;
const publicBase = root.dataset.public;
api.setBase(root.dataset.api);

const views = new Map(); // public_id -> {card, form, poll}
const inFlight = new Set(); // public_ids with a credential request running
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

// --- credentials: prepared and fetched without asking the voter -------------------------------
async function ensureCredential(poll, token) {
  const id = poll.public_id;
  let rec = store.getPoll(id);
  if (rec && rec.fingerprint === poll.public_key.fingerprint && rec.stage !== "blinded") return rec;
  if (inFlight.has(id)) return rec;
  if (!rec || rec.fingerprint !== poll.public_key.fingerprint) {
    if (poll.credential_issued) return { stage: "elsewhere" };
    const pk = importPublicKey(poll.public_key);
    const msg = credentialMessage(id);
    const { blindedMsg, inv } = blind(pk, msg);
    // Saved BEFORE sending: a retry after a lost answer re-sends the same blinded value.
    rec = store.putPoll(id, {
      stage: "blinded", title: poll.title, fingerprint: pk.fingerprint,
      msg: b64urlEncode(msg), blinded: b64urlEncode(blindedMsg), inv: inv.toString(16),
    });
  }
  inFlight.add(id);
  try {
    const answer = await api.requestCredential(token, id, rec.blinded);
    const pk = importPublicKey(poll.public_key);
    const sig = finalize(pk, b64urlDecode(rec.msg), b64urlDecode(answer.blind_sig), BigInt("0x" + rec.inv));
    return store.putPoll(id, { stage: "ready", sig: b64urlEncode(sig), blinded: null, inv: null });
  } catch (err) {
    if (err.code === "credential_already_issued") return { stage: "elsewhere" };
    throw err;
  } finally {
    inFlight.delete(id);
  }
}

// --- drawing the open polls -------------------------------------------------------------------
function pollCard(poll) {
  const card = el("section", { class: "card poll", id: `poll-${poll.public_id}` });
  const kind = poll.kind === "motion" ? t.motion : t.election;
  card.append(el("p", { class: "poll-kind", text: kind }), el("h2", { text: poll.title }));
  if (poll.kind !== "motion") {
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
  review.append(el("h3", { text: t.your_choice }));
  const list = el("ul", { class: "review-list" });
  for (const line of view.form.describe()) list.append(el("li", { text: line }));
  review.append(list, el("p", { text: t.confirm_question }));
  const error = el("p", { class: "flash flash-error", role: "alert", hidden: "" });
  const cast = el("button", { type: "button", class: "primary wide", text: t.cast });
  const change = el("button", { type: "button", class: "wide", text: t.change });
  change.addEventListener("click", () => {
    review.remove();
    view.shown = null;
    showBallot(view);
  });
  cast.addEventListener("click", () => castNow(view, view.form.ballot(), cast, change, error));
  review.append(error, el("div", { class: "actions stack" }, cast, change));
  body.append(review);
  cast.focus();
}

async function castNow(view, ballot, castButton, changeButton, error) {
  const id = view.poll.public_id;
  const rec = store.putPoll(id, { stage: "sending" });
  castButton.disabled = changeButton.disabled = true;
  castButton.textContent = t.sending;
  for (let attempt = 0; ; attempt++) {
    try {
      const receipt = await api.castBallot(id, rec.msg, rec.sig, ballot);
      store.putPoll(id, { stage: "cast", tracker: receipt.tracker, msg: null, sig: null });
      showReceipt(view, receipt.tracker);
      renderReceipts();
      return;
    } catch (err) {
      if (err.code === "already_voted") {
        // An earlier attempt got through (its answer was lost): this credential has voted.
        const tracker = trackerCode(credentialHash(b64urlDecode(rec.msg)));
        store.putPoll(id, { stage: "cast", tracker, msg: null, sig: null });
        showReceipt(view, tracker);
        renderReceipts();
        return;
      }
      if (err.status === 0 && attempt < 5) {
        error.hidden = false;
        error.textContent = t.network_retry;
        await new Promise((r) => window.setTimeout(r, 1500 * (attempt + 1)));
        continue;
      }
      store.putPoll(id, { stage: "ready" });
      error.hidden = false;
      error.textContent = problemText(err);
      castButton.disabled = changeButton.disabled = false;
      castButton.textContent = t.cast;
      return;
    }
  }
}

function showReceipt(view, tracker) {
  view.shown = "receipt";
  const body = view.card.querySelector(".poll-body");
  view.card.querySelector(".cred-state").textContent = "";
  view.card.classList.add("done");
  const link = el("a", {
    href: `${publicBase}p/${encodeURIComponent(view.poll.public_id)}?tracker=${encodeURIComponent(tracker)}#stimmzettel`,
    text: t.public_list,
  });
  body.replaceChildren(
    el("p", { class: "accepted", role: "status", text: "✓ " + t.accepted }),
    el("p", { class: "tracker-label", text: t.tracker_label }),
    el("p", { class: "tracker", "data-tracker": tracker, text: tracker }),
    el("p", { class: "hint", text: t.tracker_hint }),
    el("p", {}, link),
  );
}

async function showPoll(poll, token) {
  let view = views.get(poll.public_id);
  if (!view) {
    view = { poll, card: pollCard(poll), shown: null };
    views.set(poll.public_id, view);
    $("polls").append(view.card);
  }
  view.poll = poll;
  const stored = store.getPoll(poll.public_id);
  if (stored && stored.stage === "cast") {
    if (view.shown !== "receipt") showReceipt(view, stored.tracker);
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

function dropClosed(openIds) {
  for (const [id, view] of views) {
    if (openIds.has(id)) continue;
    const rec = store.getPoll(id);
    if (!rec || rec.stage !== "cast") {
      const note = el("p", { class: "flash flash-warning", role: "status",
        text: fill(t.closed_before_cast, { title: view.poll.title }) });
      view.card.replaceChildren(note);
    } else {
      view.card.remove();
    }
    views.delete(id);
  }
}

function renderReceipts() {
  const list = $("receipt-list");
  const open = new Set(views.keys());
  const items = store.receipts().filter((r) => !open.has(r.publicId));
  list.replaceChildren(...items.map((r) => el("li", {},
    el("span", { class: "receipt-title", text: r.title || r.publicId }), " ",
    el("a", { class: "tracker-small", href: `${publicBase}p/${encodeURIComponent(r.publicId)}?tracker=${encodeURIComponent(r.tracker)}#stimmzettel`, text: r.tracker }))));
  $("receipts").hidden = items.length === 0;
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
    setStatus(t.offline);
    schedule();
    return;
  }
  showAlert("");
  $("welcome").hidden = true;
  $("me").hidden = false;
  $("forget").hidden = false;
  $("me-name").textContent = fill(t.signed_in_as, { name: data.delegate.name });
  const presence = $("me-presence");
  presence.textContent = data.delegate.entitled ? t.present : data.delegate.present ? t.not_entitled : t.not_present;
  presence.className = "badge " + (data.delegate.entitled ? "badge-open" : "badge-void");
  $("me-note").hidden = !data.delegate.represents;
  $("me-note").textContent = data.delegate.represents ? fill(t.represents, { name: data.delegate.represents }) : "";
  setStatus(data.polls.length ? "" : data.delegate.entitled ? t.no_polls : "");
  const openIds = new Set(data.polls.map((p) => p.public_id));
  dropClosed(openIds);
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
