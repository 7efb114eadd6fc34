// The voting booth at the desk: a tablet the desk set up with the booth's link (its secret
// arrives in the fragment, #k=…, and stays in this browser). A delegate opens their card, votes
// and sees the receipt; the booth then forgets the card after a visible pause, or once nobody
// has touched the screen for a while. It tells the server only "free" or "in use", with the
// booth's own secret: no card, no name, no poll, no ballot (docs/security.md, "The booth").
import * as api from "./api.js";
import * as store from "./store.js";
import { $, fill } from "./poll_view.js";

const HEARTBEAT_MS = 10_000; // the desk shows a booth as unreachable after three missed reports

export function startBooth(root, t, forget) {
  const idleSeconds = Number(root.dataset.boothIdle) || 90;
  const receiptSeconds = Number(root.dataset.boothReceipt) || 20;
  const warnSeconds = Math.min(15, idleSeconds / 3);
  const match = /(?:^#|&)k=([^&]+)/.exec(window.location.hash);
  if (match) {
    store.setBooth(decodeURIComponent(match[1]));
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  const key = store.getBooth();
  let inUse = false;
  let busy = false;
  let doneAt = null;
  let lastActivity = Date.now();

  const note = $("booth-note");
  const done = $("booth-done");
  done.addEventListener("click", () => forget());
  for (const type of ["pointerdown", "keydown", "input", "wheel", "touchstart"]) {
    document.addEventListener(type, () => { lastActivity = Date.now(); }, { capture: true, passive: true });
  }

  async function report() {
    if (!key) {
      $("booth-unset").hidden = false;
      return;
    }
    try {
      await api.boothStatus(key, inUse ? "in_use" : "free");
      $("booth-unset").hidden = true;
    } catch (err) {
      if (err.status === 401) $("booth-unset").hidden = false;
    }
  }

  function say(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  function check() {
    done.hidden = !(inUse && doneAt);
    if (!inUse) {
      say("");
      return;
    }
    const now = Date.now();
    if (busy) lastActivity = now; // a ballot on its way: wait for its receipt
    if (doneAt) {
      const left = Math.ceil(receiptSeconds - (now - doneAt) / 1000);
      if (left <= 0) forget();
      else say(fill(t.booth_receipt_left, { n: left }));
      return;
    }
    const left = Math.ceil(idleSeconds - (now - lastActivity) / 1000);
    if (left <= 0) forget();
    else say(left <= warnSeconds ? fill(t.booth_idle_left, { n: left }) : "");
  }

  window.setInterval(check, 1000);
  window.setInterval(report, HEARTBEAT_MS);
  report();

  return {
    // A card was opened (true) or the booth shows none (false).
    card(open) {
      inUse = open;
      busy = false;
      doneAt = null;
      lastActivity = Date.now();
      report();
      check();
    },
    // What the card's polls show: a ballot on its way (busy), every poll answered (done).
    update(state) {
      busy = state.busy;
      if (state.done && !doneAt) doneAt = Date.now();
      if (!state.done) doneAt = null;
      check();
    },
  };
}
