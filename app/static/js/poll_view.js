// Drawing on the phone page: the poll cards, the receipt, the card holder's line, the list of
// receipts. No storage and no server calls here: phone.js decides what is shown for which card.

let t = {};
let publicBase = "/public/";

export function setup(strings, base) {
  t = strings;
  publicBase = base;
}

export const $ = (id) => document.getElementById(id);
export const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k] ?? ""));

// What to tell the person about a failed call: the server's sentence (in the page's language),
// never the browser's own English network error or an HTTP status text from a proxy.
export function problemText(err) {
  if (err.status === 0) return t.offline;
  if (String(err.code).startsWith("http_")) return fill(t.server_error, { status: err.status });
  return err.message;
}

export function showAlert(text) {
  const box = $("alert");
  box.textContent = text || "";
  box.hidden = !text;
}

export function setStatus(text) {
  $("status").textContent = text;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export function choiceList(lines, className, itemClass = "") {
  return el("ul", { class: className },
    ...lines.map((line) => el("li", itemClass ? { class: itemClass, text: line } : { text: line })));
}

export function receiptLink(publicId, tracker, attrs = {}) {
  const href = `${publicBase}p/${encodeURIComponent(publicId)}?tracker=${encodeURIComponent(tracker)}#stimmzettel`;
  return el("a", { href, ...attrs });
}

export function pollCard(poll) {
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

export function showReceipt(view, rec, summary) {
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

// After casting, focus moves to the receipt (its first line, read out by a screen reader), so
// the keyboard and the reader continue there and not at a button that is gone.
export function focusReceipt(view) {
  const first = view.card.querySelector(".poll-body > :first-child");
  if (!first || !view.card.isConnected) return;
  first.setAttribute("tabindex", "-1");
  first.focus();
}

export const closedNote = (title) =>
  el("p", { class: "flash flash-warning", role: "status", text: fill(t.closed_before_cast, { title }) });

export function showDelegate(delegate) {
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

// The card's receipts of polls no longer shown above ({publicId, title, tracker}).
export function showReceiptList(items) {
  $("receipt-list").replaceChildren(...items.map((r) => el("li", {},
    el("span", { class: "receipt-title", text: r.title || r.publicId }), " ",
    receiptLink(r.publicId, r.tracker, { class: "tracker-small", text: r.tracker }))));
  $("receipts").hidden = items.length === 0;
}

// Nothing of the card shown before stays on the page (another card was opened, or none).
export function clearCard() {
  $("polls").replaceChildren();
  showReceiptList([]);
  $("me").hidden = true;
  $("me-name").textContent = "";
  $("me-note").textContent = "";
}
