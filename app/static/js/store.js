// What the phone remembers between visits (localStorage only, never sent anywhere as a whole):
// the card token, the chosen language, and per poll the credential and the receipt.
//
// A poll's record moves through stages:
//   "blinded"  the blinded request was prepared and saved BEFORE it is sent, so a retry after
//              a lost answer re-sends the same value and gets the same signature;
//   "ready"    msg + sig (the anonymous credential) are stored;
//   "sending"  a ballot is on its way (kept only until the receipt arrives, then dropped);
//   "cast"     the receipt (tracker code) is stored; the choices are never stored.

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

export function putPoll(publicId, record) {
  const all = polls();
  all[publicId] = { ...(all[publicId] || {}), ...record };
  if (!write("polls", all)) throw new Error("storage");
  return all[publicId];
}

export function allPolls() {
  return polls();
}

// Receipts (stage "cast"), newest poll first by the order they were stored.
export function receipts() {
  return Object.entries(polls())
    .filter(([, rec]) => rec.stage === "cast" && rec.tracker)
    .map(([publicId, rec]) => ({ publicId, title: rec.title, tracker: rec.tracker }));
}

export function forgetAll() {
  write("token", null);
  write("polls", null);
}
