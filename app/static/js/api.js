// The phone's calls to the server. The card token goes only in the Authorization header of
// the two calls that need it; casting sends no token, no cookie, nothing that identifies.

export class ApiError extends Error {
  constructor(status, code, message, path, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path || "";
    this.retryAfter = retryAfter || 0; // seconds, from a 429's Retry-After
  }
}

let base = "/api/v1";
export function setBase(url) {
  base = url;
}

// The page's language, sent as ?lang= (which the server honours before anything else) and as
// Accept-Language: an answer's sentence is in the language of the page that shows it, whatever
// the browser or a proxy says it prefers.
function language() {
  return document.documentElement.lang || "de";
}

function withLanguage(path) {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(language())}`;
}

async function call(method, path, { token, body, identity = true } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": language() };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(base + withLanguage(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: identity ? "same-origin" : "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
  } catch (err) {
    throw new ApiError(0, "network", String(err && err.message ? err.message : err));
  }
  let data = null;
  try {
    data = await response.json();
  } catch (_err) {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (data && data.code) || "http_" + response.status,
      (data && data.error) || response.statusText,
      data && data.path,
      Number.parseInt(response.headers.get("Retry-After") || "0", 10) || 0,
    );
  }
  return data;
}

export const me = (token) => call("GET", "/me", { token });

export const requestCredential = (token, publicId, blindedMsg) =>
  call("POST", `/polls/${encodeURIComponent(publicId)}/credential`, {
    token,
    body: { blinded_msg: blindedMsg },
  });

// Public counts of a poll (no identity): is it still open?
export const pollStatus = (publicId) =>
  call("GET", `/polls/${encodeURIComponent(publicId)}`, { identity: false });

export const castBallot = (publicId, msg, sig, ballot) =>
  call("POST", `/polls/${encodeURIComponent(publicId)}/ballots`, {
    body: { msg, sig, ballot },
    identity: false,
  });

// The booth's heartbeat (booth.js): its own secret and "free" or "in_use", nothing else.
export const boothStatus = (boothKey, state) =>
  call("POST", "/booth/status", { token: boothKey, body: { state }, identity: false });
