// What the phone remembers between visits (localStorage only, never sent anywhere as a whole):
// the card token, the chosen language, and per poll the credential and the receipt.
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

const PREFIX = "wahlgang.";

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

function polls() {
  return read("polls", {});
}

export function getPoll(publicId) {
  return polls()[publicId] || null;
}

// Merges ``record`` into the poll's record; a key set to null is removed.
export function putPoll(publicId, record) {
  const all = polls();
  const merged = { ...(all[publicId] || {}), ...record };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  all[publicId] = merged;
  if (!write("polls", all)) throw new Error("storage");
  return merged;
}

export function dropPoll(publicId) {
  const all = polls();
  delete all[publicId];
  write("polls", all);
}

export function allPolls() {
  return polls();
}

// Receipts (stage "cast" or "unconfirmed"), in the order they were stored.
export function receipts() {
  return Object.entries(polls())
    .filter(([, rec]) => (rec.stage === "cast" || rec.stage === "unconfirmed") && rec.tracker)
    .map(([publicId, rec]) => ({ publicId, title: rec.title, tracker: rec.tracker }));
}

export function forgetAll() {
  write("token", null);
  write("polls", null);
}
