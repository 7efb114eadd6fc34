// What the phone remembers between visits (localStorage only, never sent anywhere as a whole):
// the card token, the chosen language, and per card and poll the credential and the receipt.
//
// One device may serve several cards (a delegation's tablet, the desk's voting booth), so every
// record belongs to a card: "cards" maps a card key (a hash of the card's code, see cardKey) to
// that card's records by poll id. Opening another card never reads the previous card's records,
// and they stay for their own card: a credential fetched while its holder was away is theirs
// when they scan again. Only the card open now is stored as a code ("token").
//
// A poll's record moves through stages:
//   "blinded"      the blinded request was prepared and saved BEFORE it is sent, so a retry
//                  after a lost answer re-sends the same value and gets the same signature;
//   "ready"        msg + sig (the anonymous credential) are stored;
//   "sending"      the confirmed ballot (and the lines the voter confirmed) is on its way. It is
//                  kept only until the server decides, so a reload re-sends exactly that ballot
//                  (cast.js) and a lost answer can never let the voter pick another one;
//   "cast"         the receipt (tracker code) is stored, with conflict: true if an earlier
//                  ballot with this credential was counted instead; credential and choices are
//                  gone from storage;
//   "unconfirmed"  closed while the answer was in doubt: the tracker to look up on the board.
import { sha256, toHex } from "./rsabssa.js";

const PREFIX = "wahlgang.";
// Records of the old one-card layout stored while no card was open: nobody's to show.
export const UNKNOWN_CARD = "unknown";

function read(key, fallback = null) {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (_err) {
    return fallback;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) window.localStorage.removeItem(PREFIX + key);
    else window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch (_err) {
    return false; // private mode or full storage: the page still works for this visit
  }
}

export const getToken = () => read("token");
export const setToken = (token) => write("token", token);

export const getLang = () => read("lang");
export const setLang = (lang) => write("lang", lang);

// The booth's own link secret (booth.js): set on the desk's booth tablet only.
export const getBooth = () => read("booth");
export const setBooth = (key) => write("booth", key);

// The card's code as the server reads it (upper case, no dashes, O→0, I/L→1, U→V).
export function normaliseCode(raw) {
  return String(raw).toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1").replace(/U/g, "V");
}

// 32 hex digits of SHA-256 over "wahlgang card\n" + code: the same card always gets the same
// key however it was typed, and the key is not the server's token hash (plain SHA-256 of the
// code), so storage and database share no value.
export function cardKey(token) {
  return toHex(sha256(new TextEncoder().encode("wahlgang card\n" + normaliseCode(token)))).slice(0, 32);
}

function cards() {
  return read("cards", {});
}

function saveCards(all) {
  return write("cards", all);
}

// The old layout kept one "polls" map for whatever card was stored: its records belong to the
// card stored then. They are marked "migrated" until the server confirms, for an open poll,
// that this card was issued a credential (phone.js): the old page could mix cards up.
(function migrate() {
  const old = read("polls");
  if (!old) return;
  const all = cards();
  const token = getToken();
  const key = token ? cardKey(token) : UNKNOWN_CARD;
  const mine = all[key] || {};
  for (const [id, rec] of Object.entries(old)) if (!mine[id]) mine[id] = { ...rec, migrated: true };
  all[key] = mine;
  if (saveCards(all)) write("polls", null);
})();

// The records of one card, by poll id.
export function forKey(key) {
  const polls = () => cards()[key] || {};
  const get = (publicId) => polls()[publicId] || null;

  // Merges ``record`` into the poll's record; a key set to null is removed.
  function put(publicId, record) {
    const all = cards();
    const mine = all[key] || {};
    const merged = { ...(mine[publicId] || {}), ...record };
    for (const [name, value] of Object.entries(merged)) if (value === null) delete merged[name];
    mine[publicId] = merged;
    all[key] = mine;
    if (!saveCards(all)) throw new Error("storage");
    return merged;
  }

  function drop(publicId) {
    const all = cards();
    if (!all[key]) return;
    delete all[key][publicId];
    if (Object.keys(all[key]).length === 0) delete all[key];
    saveCards(all);
  }

  // Receipts (stage "cast" or "unconfirmed"), in the order they were stored.
  function receipts() {
    return Object.entries(polls())
      .filter(([, rec]) => (rec.stage === "cast" || rec.stage === "unconfirmed") && rec.tracker)
      .map(([publicId, rec]) => ({ publicId, title: rec.title, tracker: rec.tracker }));
  }

  // Ballots confirmed but not yet answered (stage "sending"): never dropped without asking.
  const waiting = () => Object.entries(polls())
    .filter(([, rec]) => rec.stage === "sending" && rec.ballot)
    .map(([publicId, rec]) => ({ publicId, title: rec.title }));

  return { key, get, put, drop, all: polls, receipts, waiting };
}

export const forCard = (token) => forKey(cardKey(token));

// Every card's waiting ballots ({key, publicId}): the page sends them whoever's card is open.
export function waitingEverywhere() {
  const found = [];
  for (const [key, polls] of Object.entries(cards())) {
    for (const [publicId, rec] of Object.entries(polls)) {
      if (rec.stage === "sending" && rec.ballot) found.push({ key, publicId });
    }
  }
  return found;
}

// Moves a record another card may not use (see migrate) to UNKNOWN_CARD, where a waiting
// ballot is still sent but nothing is shown.
export function disown(key, publicId) {
  const all = cards();
  const rec = all[key] && all[key][publicId];
  if (!rec) return;
  const unknown = all[UNKNOWN_CARD] || {};
  const there = unknown[publicId];
  // Two disowned records of one poll: a waiting ballot wins over anything else.
  if (!there || there.stage !== "sending" || rec.stage === "sending") unknown[publicId] = rec;
  all[UNKNOWN_CARD] = unknown;
  delete all[key][publicId];
  saveCards(all);
}

// "Karte vergessen": this card's code and records; other cards' records stay for their holders.
export function forgetCard(key) {
  const all = cards();
  delete all[key];
  saveCards(all);
  write("token", null);
}

// The booth between two delegates: the code goes, and of the card's records only unused
// credentials stay (keyed by the card's hash, for a holder who walked away and comes back).
// Receipts of every card go, so the next delegate's device shows and keeps none.
export function clearForNextDelegate() {
  const all = cards();
  for (const [key, polls] of Object.entries(all)) {
    for (const [id, rec] of Object.entries(polls)) {
      if (rec.stage !== "blinded" && rec.stage !== "ready" && rec.stage !== "sending") delete polls[id];
    }
    if (Object.keys(polls).length === 0) delete all[key];
  }
  saveCards(all);
  write("token", null);
}
