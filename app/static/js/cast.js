// Casting one ballot so that a lost answer never costs or changes a vote: the ballot on its way
// is stored (stage "sending") until its receipt arrives, then only the receipt stays. After a
// reload the phone re-sends exactly that ballot; the server answers an identical repeat with the
// same receipt, so the voter learns what was counted. No DOM here: phone.js shows the outcome.
// ``card`` is always the records of the card that confirmed the ballot (store.forCard): the
// outcome is stored there, whichever card the page shows by the time the answer arrives.
import * as api from "./api.js";
import { b64urlDecode, credentialHash, trackerCode } from "./rsabssa.js";

const running = new Set(); // "card key/public_id" with a cast under way in this page
const FORGET_BALLOT = { msg: null, sig: null, ballot: null, summary: null, sent: null };

export const isSending = (card, publicId) => running.has(`${card.key}/${publicId}`);

// The voter confirmed: keep the exact ballot (and the lines they confirmed) until the receipt.
export function keepBallot(card, poll, ballot, summary) {
  const { public_id: id, title, kind } = poll;
  return card.put(id, { stage: "sending", ballot, summary, title, kind });
}

// A stored ballot that still waits for its receipt (an old page kept no ballot: none).
export function pendingBallot(card, publicId) {
  const rec = card.get(publicId);
  return rec && rec.stage === "sending" && rec.ballot ? rec : null;
}

const ownTracker = (rec) => trackerCode(credentialHash(b64urlDecode(rec.msg)));
const pause = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));

// Sends the stored ballot until the server decides, and returns what the voter must be told:
//   {stage: "cast", tracker}                  stored (201) or stored before (200, repeated);
//   {stage: "cast", conflict: true, tracker}  another ballot with this credential was counted
//                                             before (409 already_voted): this one was NOT;
//   {stage: "unconfirmed", tracker}           closed while the answer was in doubt;
//   {refused: err}                            not stored (closed, invalid …): ballot dropped.
// Network failures and 5xx are retried without end (the server may hold the ballot already);
// onRetry(err) lets the page say so. Returns null if this ballot is being sent already.
export async function sendKeptBallot(card, publicId, onRetry) {
  const key = `${card.key}/${publicId}`;
  if (running.has(key)) return null;
  running.add(key);
  try {
    let mayBeStored = Boolean(card.get(publicId).sent); // an earlier page sent it
    for (let attempt = 0; ; attempt++) {
      const rec = card.put(publicId, { sent: true });
      try {
        const receipt = await api.castBallot(publicId, rec.msg, rec.sig, rec.ballot);
        return finish(card, publicId, { stage: "cast", tracker: receipt.tracker });
      } catch (err) {
        if (err.code === "already_voted") {
          return finish(card, publicId, { stage: "cast", conflict: true, tracker: ownTracker(rec) });
        }
        if (err.status === 0 || err.status >= 500) {
          mayBeStored = true;
          onRetry(err);
          await pause(Math.min(1500 * (attempt + 1), 10_000));
          continue;
        }
        if (err.code === "poll_closed" && mayBeStored) {
          return finish(card, publicId, { stage: "unconfirmed", tracker: ownTracker(rec) });
        }
        if (err.code === "poll_closed") card.drop(publicId);
        else card.put(publicId, { stage: "ready", ballot: null, summary: null, sent: null });
        return { refused: err };
      }
    }
  } finally {
    running.delete(key);
  }
}

// The credential and the choices leave storage here: only the receipt stays.
function finish(card, publicId, outcome) {
  return card.put(publicId, { ...FORGET_BALLOT, conflict: null, ...outcome });
}
