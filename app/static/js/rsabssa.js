// Wahlgang phone side of RFC 9474 RSABSSA-SHA384-PSS-Randomized, in plain JavaScript.
//
// Why pure JS: WebCrypto (crypto.subtle) exists only in secure contexts, but a hall LAN may
// serve plain HTTP. Everything here needs only BigInt, TextEncoder and crypto.getRandomValues,
// which browsers offer on any origin. No dependencies, no build step; an ES module usable in
// the browser and in node. The server side is in ballots/blind.py, the credential format in
// ballots/credential.py and docs/security.md ("Blind signatures"); both sides are tested
// against RFC 9474 Appendix A.
//
// Public key input: the JSON the server publishes per poll,
//   {"n": b64url, "e": b64url, "spki": base64 DER SubjectPublicKeyInfo, "fingerprint": hex}.
// importPublicKey() parses n and e from "spki" itself, computes the fingerprint (SHA-256 of
// the DER) and refuses the key if "n", "e" or "fingerprint" disagree — so the fingerprint the
// phone shows is that of the key it really blinds with.

// ---- SHA-2 (SHA-384 for PSS/MGF1, SHA-256 for fingerprints and tracker codes) ------------
// Round constants and initial values are derived from their definition (fractional parts of
// square and cube roots of primes, FIPS 180-4 §4.2, §5.3) instead of being typed in.

const M64 = (1n << 64n) - 1n;

function iroot(x, k) {
  // floor(x^(1/k)) by Newton's method from above.
  let y = 1n << (BigInt(x.toString(2).length) / k + 1n);
  for (;;) {
    const z = ((k - 1n) * y + x / y ** (k - 1n)) / k;
    if (z >= y) return y;
    y = z;
  }
}

const PRIMES = [];
for (let c = 2; PRIMES.length < 80; c++) {
  if (PRIMES.every((p) => c % p !== 0)) PRIMES.push(c);
}
const frac64 = (p, k) => iroot(BigInt(p) << (64n * k), k) & M64;
const K512 = PRIMES.map((p) => frac64(p, 3n));
const IV384 = PRIMES.slice(8, 16).map((p) => frac64(p, 2n));
const K256 = K512.slice(0, 64).map((k) => Number(k >> 32n));
const IV256 = PRIMES.slice(0, 8).map((p) => Number(frac64(p, 2n) >> 32n));

function pad(bytes, block, lenBytes) {
  const total = Math.ceil((bytes.length + 1 + lenBytes) / block) * block;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[bytes.length] = 0x80;
  new DataView(out.buffer).setBigUint64(total - 8, BigInt(bytes.length) * 8n);
  return out;
}

const rotr64 = (x, n) => ((x >> n) | (x << (64n - n))) & M64;

export function sha384(bytes) {
  const data = pad(bytes, 128, 16);
  const view = new DataView(data.buffer);
  const H = IV384.slice();
  const w = new Array(80);
  for (let off = 0; off < data.length; off += 128) {
    for (let t = 0; t < 16; t++) w[t] = view.getBigUint64(off + 8 * t);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      const s0 = rotr64(x, 1n) ^ rotr64(x, 8n) ^ (x >> 7n);
      const s1 = rotr64(y, 19n) ^ rotr64(y, 61n) ^ (y >> 6n);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & M64;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let t = 0; t < 80; t++) {
      const s1 = rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + s1 + ch + K512[t] + w[t]) & M64;
      const s0 = rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      h = g; g = f; f = e; e = (d + t1) & M64;
      d = c; c = b; b = a; a = (t1 + s0 + maj) & M64;
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => { H[i] = (H[i] + v) & M64; });
  }
  const out = new Uint8Array(48);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 6; i++) ov.setBigUint64(8 * i, H[i]);
  return out;
}

const rotr32 = (x, n) => (x >>> n) | (x << (32 - n));

export function sha256(bytes) {
  const data = pad(bytes, 64, 8);
  const view = new DataView(data.buffer);
  const H = IV256.slice();
  const w = new Int32Array(64);
  for (let off = 0; off < data.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(off + 4 * t);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      const s0 = rotr32(x, 7) ^ rotr32(x, 18) ^ (x >>> 3);
      const s1 = rotr32(y, 17) ^ rotr32(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let t = 0; t < 64; t++) {
      const s1 = rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + s1 + ch + K256[t] + w[t]) | 0;
      const s0 = rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + s0 + maj) | 0;
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => { H[i] = (H[i] + v) | 0; });
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  H.forEach((v, i) => ov.setUint32(4 * i, v >>> 0));
  return out;
}

// ---- bytes, integers, encodings ------------------------------------------------------------

export const HASH_LEN = 48;
export const SALT_LEN = 48;
export const PREFIX_LEN = 32;
export const NONCE_LEN = 32;

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export function fromHex(hex) {
  if (hex.length % 2 || /[^0-9a-fA-F]/.test(hex)) throw new Error("not a hex string");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

export const bytesToInt = (bytes) => (bytes.length ? BigInt("0x" + toHex(bytes)) : 0n);

export function intToBytes(x, len) {
  const hex = x.toString(16);
  if (x < 0n || hex.length > 2 * len) throw new Error("integer too large");
  return fromHex(hex.padStart(2 * len, "0"));
}

export function b64Encode(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function b64Decode(text) {
  const s = atob(text);
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

export const b64urlEncode = (bytes) =>
  b64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function b64urlDecode(text) {
  const std = text.replace(/-/g, "+").replace(/_/g, "/");
  return b64Decode(std + "=".repeat((4 - (std.length % 4)) % 4));
}

export function randomBytes(len) {
  const out = new Uint8Array(len);
  for (let at = 0; at < len; at += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(at, Math.min(len, at + 65536)));
  }
  return out;
}

export function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
  }
  return result;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function modInverse(a, n) {
  let [r0, r1, t0, t1] = [n, a % n, 0n, 1n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  if (r0 !== 1n) throw new Error("invalid blind: not invertible");
  return t0 < 0n ? t0 + n : t0;
}

function randomUnit(n) {
  // Uniform r in [1, n) with gcd(r, n) = 1, by rejection sampling.
  const bits = n.toString(2).length;
  const len = Math.ceil(bits / 8);
  for (;;) {
    const bytes = randomBytes(len);
    bytes[0] &= 0xff >> (8 * len - bits);
    const r = bytesToInt(bytes);
    if (r > 0n && r < n && gcd(r, n) === 1n) return r;
  }
}

// ---- public key ------------------------------------------------------------------------------

function derRead(bytes, at, tag) {
  if (bytes[at] !== tag) throw new Error("bad public key: unexpected DER tag");
  let len = bytes[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) throw new Error("bad public key: DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[start + i];
    start += n;
  }
  if (start + len > bytes.length) throw new Error("bad public key: truncated DER");
  return { start, end: start + len };
}

const RSA_OID = "2a864886f70d010101";

export function parseSpki(der) {
  const outer = derRead(der, 0, 0x30);
  if (outer.end !== der.length) throw new Error("bad public key: trailing bytes");
  const alg = derRead(der, outer.start, 0x30);
  const oid = derRead(der, alg.start, 0x06);
  if (toHex(der.subarray(oid.start, oid.end)) !== RSA_OID) {
    throw new Error("bad public key: not rsaEncryption");
  }
  const bits = derRead(der, alg.end, 0x03);
  if (der[bits.start] !== 0) throw new Error("bad public key: BIT STRING padding");
  const seq = derRead(der, bits.start + 1, 0x30);
  const nField = derRead(der, seq.start, 0x02);
  const eField = derRead(der, nField.end, 0x02);
  return {
    n: bytesToInt(der.subarray(nField.start, nField.end)),
    e: bytesToInt(der.subarray(eField.start, eField.end)),
  };
}

export function importPublicKey(published) {
  const spki = b64Decode(published.spki);
  const { n, e } = parseSpki(spki);
  const modBits = n.toString(2).length;
  if (modBits < 2048 || e < 3n || e % 2n === 0n) throw new Error("unsuitable RSA key");
  const fingerprint = toHex(sha256(spki));
  const mismatch =
    (published.n !== undefined && bytesToInt(b64urlDecode(published.n)) !== n) ||
    (published.e !== undefined && bytesToInt(b64urlDecode(published.e)) !== e) ||
    (published.fingerprint !== undefined && published.fingerprint.toLowerCase() !== fingerprint);
  if (mismatch) throw new Error("public key fields disagree with its SPKI");
  return { n, e, modBits, kLen: Math.ceil(modBits / 8), spki, fingerprint };
}

// ---- EMSA-PSS (RFC 8017 §9.1) with SHA-384 and MGF1-SHA-384 ----------------------------------

export function mgf1(seed, len) {
  const parts = [];
  for (let c = 0; parts.length * HASH_LEN < len; c++) {
    parts.push(sha384(concat(seed, intToBytes(BigInt(c), 4))));
  }
  return concat(...parts).subarray(0, len);
}

export function emsaPssEncode(msg, emBits, salt) {
  const emLen = Math.ceil(emBits / 8);
  if (emLen < HASH_LEN + salt.length + 2) throw new Error("encoding error");
  const h = sha384(concat(new Uint8Array(8), sha384(msg), salt));
  const db = new Uint8Array(emLen - HASH_LEN - 1);
  db[db.length - salt.length - 1] = 1;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(h, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLen - emBits);
  return concat(db, h, Uint8Array.of(0xbc));
}

export function emsaPssVerify(msg, em, emBits, sLen = SALT_LEN) {
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < HASH_LEN + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const masked = em.subarray(0, emLen - HASH_LEN - 1);
  const h = em.subarray(emLen - HASH_LEN - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if (masked[0] & ~topMask & 0xff) return false;
  const db = mgf1(h, masked.length).map((m, i) => m ^ masked[i]);
  db[0] &= topMask;
  const psLen = emLen - HASH_LEN - sLen - 2;
  if (db.subarray(0, psLen).some((b) => b !== 0) || db[psLen] !== 1) return false;
  const salt = db.subarray(db.length - sLen);
  const h2 = sha384(concat(new Uint8Array(8), sha384(msg), salt));
  return toHex(h2) === toHex(h);
}

// ---- RFC 9474 client: prepare, blind, finalize, verify ----------------------------------------

export function prepare(msg, { prefix = randomBytes(PREFIX_LEN) } = {}) {
  if (prefix.length !== PREFIX_LEN) throw new Error("message prefix must be 32 bytes");
  return concat(prefix, msg);
}

export function blind(pk, preparedMsg, { salt = randomBytes(SALT_LEN), r = randomUnit(pk.n) } = {}) {
  const m = bytesToInt(emsaPssEncode(preparedMsg, pk.modBits - 1, salt));
  if (gcd(m, pk.n) !== 1n) throw new Error("invalid input");
  const inv = modInverse(r, pk.n);
  const z = (m * modPow(r, pk.e, pk.n)) % pk.n;
  return { blindedMsg: intToBytes(z, pk.kLen), inv };
}

export function verify(pk, msg, sig, { saltLength = SALT_LEN } = {}) {
  if (sig.length !== pk.kLen) return false;
  const s = bytesToInt(sig);
  if (s >= pk.n) return false;
  const emLen = Math.ceil((pk.modBits - 1) / 8);
  const full = intToBytes(modPow(s, pk.e, pk.n), pk.kLen);
  if (full.subarray(0, pk.kLen - emLen).some((b) => b !== 0)) return false;
  return emsaPssVerify(msg, full.subarray(pk.kLen - emLen), pk.modBits - 1, saltLength);
}

export function finalize(pk, preparedMsg, blindSig, inv, { saltLength = SALT_LEN } = {}) {
  if (blindSig.length !== pk.kLen) throw new Error("unexpected input size");
  const z = bytesToInt(blindSig);
  if (z >= pk.n) throw new Error("invalid signature");
  const sig = intToBytes((z * inv) % pk.n, pk.kLen);
  if (!verify(pk, preparedMsg, sig, { saltLength })) throw new Error("invalid signature");
  return sig;
}

// ---- Wahlgang credentials ------------------------------------------------------------------

export function credentialMessage(pollId, { nonce = randomBytes(NONCE_LEN), prefix } = {}) {
  if (!pollId) throw new Error("poll id must not be empty");
  if (nonce.length !== NONCE_LEN) throw new Error("credential nonce must be 32 bytes");
  const body = concat(new TextEncoder().encode(pollId), nonce);
  return prefix === undefined ? prepare(body) : prepare(body, { prefix });
}

export const credentialHash = (msg) => toHex(sha256(msg));

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function trackerCode(credHash) {
  const value = BigInt("0x" + credHash.slice(0, 16)) >> 14n;
  let chars = "";
  for (let i = 9; i >= 0; i--) chars += CROCKFORD[Number((value >> BigInt(5 * i)) & 31n)];
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
