// node --test tests/js/ : the phone module against RFC 9474 Appendix A and known hashes.
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import * as bs from "../../app/static/js/rsabssa.js";

const VECTORS = JSON.parse(
  readFileSync(new URL("../vectors/rfc9474.json", import.meta.url), "utf8"),
).vectors;

// An SPKI (DER) for the vector key, built by hand so the test needs no other tool.
function derLen(n) {
  if (n < 0x80) return [n];
  const out = [];
  for (; n > 0; n >>= 8) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}
const tlv = (tag, body) => bs.concat(Uint8Array.of(tag, ...derLen(body.length)), body);
function derInt(hex) {
  const bytes = bs.fromHex(hex.length % 2 ? "0" + hex : hex);
  return tlv(0x02, bytes[0] & 0x80 ? bs.concat(Uint8Array.of(0), bytes) : bytes);
}
function makeSpki(nHex, eHex) {
  const alg = tlv(0x30, bs.concat(tlv(0x06, bs.fromHex("2a864886f70d010101")), Uint8Array.of(5, 0)));
  const rsaKey = tlv(0x30, bs.concat(derInt(nHex), derInt(eHex)));
  return tlv(0x30, bs.concat(alg, tlv(0x03, bs.concat(Uint8Array.of(0), rsaKey))));
}
const makeKey = (v) => bs.importPublicKey({ spki: bs.b64Encode(makeSpki(v.n, v.e)) });

test("sha384 and sha256 match node:crypto, including block boundaries", () => {
  for (const len of [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129, 300, 1000]) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 7 + len) & 0xff);
    assert.equal(bs.toHex(bs.sha384(data)), createHash("sha384").update(data).digest("hex"));
    assert.equal(bs.toHex(bs.sha256(data)), createHash("sha256").update(data).digest("hex"));
  }
  assert.equal(
    bs.toHex(bs.sha384(new TextEncoder().encode("abc"))),
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed" +
      "8086072ba1e7cc2358baeca134c825a7",
  );
});

for (const v of VECTORS) {
  test(`RFC 9474 vector ${v.name}`, () => {
    const pk = makeKey(v);
    assert.equal(pk.n, BigInt("0x" + v.n));
    const prepared = bs.fromHex(v.prepared_msg);
    if (v.is_randomized) {
      const got = bs.prepare(bs.fromHex(v.msg), { prefix: bs.fromHex(v.msg_prefix) });
      assert.equal(bs.toHex(got), v.prepared_msg);
    }
    const salt = bs.fromHex(v.salt);
    assert.equal(bs.toHex(bs.emsaPssEncode(prepared, pk.modBits - 1, salt)), v.encoded_msg);
    const inv = BigInt("0x" + v.inv);
    const { blindedMsg, inv: gotInv } = bs.blind(pk, prepared, {
      salt,
      r: bs.modInverse(inv, pk.n),
    });
    assert.equal(bs.toHex(blindedMsg), v.blinded_msg);
    assert.equal(gotInv, inv);
    const opts = { saltLength: v.salt_length };
    const sig = bs.finalize(pk, prepared, bs.fromHex(v.blind_sig), inv, opts);
    assert.equal(bs.toHex(sig), v.sig);
    assert.equal(bs.verify(pk, prepared, sig, opts), true);
  });
}

test("tampered inputs are refused", () => {
  const v = VECTORS[0];
  const pk = makeKey(v);
  const prepared = bs.fromHex(v.prepared_msg);
  const inv = BigInt("0x" + v.inv);
  const blindSig = bs.fromHex(v.blind_sig);
  blindSig[7] ^= 1;
  assert.throws(() => bs.finalize(pk, prepared, blindSig, inv), /invalid signature/);
  assert.throws(() => bs.finalize(pk, prepared, blindSig.subarray(1), inv), /input size/);
  const sig = bs.fromHex(v.sig);
  assert.equal(bs.verify(pk, prepared, sig), true);
  assert.equal(bs.verify(pk, bs.fromHex(v.msg), sig), false);
  sig[100] ^= 4;
  assert.equal(bs.verify(pk, prepared, sig), false);
});

test("published key JSON: fields must agree with the SPKI", () => {
  const v = VECTORS[0];
  const spki = makeSpki(v.n, v.e);
  const fingerprint = createHash("sha256").update(spki).digest("hex");
  const published = {
    n: bs.b64urlEncode(bs.fromHex(v.n)),
    e: bs.b64urlEncode(bs.fromHex(v.e)),
    spki: bs.b64Encode(spki),
    fingerprint,
  };
  assert.equal(bs.importPublicKey(published).fingerprint, fingerprint);
  assert.throws(() => bs.importPublicKey({ ...published, fingerprint: "00" + fingerprint.slice(2) }));
  assert.throws(() => bs.importPublicKey({ ...published, e: "Aw" }));
  assert.throws(() => bs.importPublicKey({ spki: bs.b64Encode(spki.subarray(0, 100)) }));
});

test("keys from node:crypto import and round-trip with a local signer", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = publicKey.export({ format: "der", type: "spki" });
  const pk = bs.importPublicKey({ spki: spki.toString("base64") });
  const jwk = privateKey.export({ format: "jwk" });
  const d = bs.bytesToInt(bs.b64urlDecode(jwk.d));
  const msg = bs.credentialMessage("P-1");
  const { blindedMsg, inv } = bs.blind(pk, msg);
  const blindSig = bs.intToBytes(bs.modPow(bs.bytesToInt(blindedMsg), d, pk.n), pk.kLen);
  const sig = bs.finalize(pk, msg, blindSig, inv);
  assert.equal(bs.verify(pk, msg, sig), true);
  assert.equal(msg.length, 32 + 3 + 32);
});

test("b64url, credential hash and tracker code", () => {
  const data = Uint8Array.from({ length: 40 }, (_, i) => 250 - i);
  assert.deepEqual(bs.b64urlDecode(bs.b64urlEncode(data)), data);
  assert.equal(bs.b64urlEncode(Uint8Array.of(0xfb, 0xff)), "-_8");
  assert.equal(bs.trackerCode("0".repeat(64)), "0000-0000-00");
  assert.equal(bs.trackerCode("f".repeat(64)), "ZZZZ-ZZZZ-ZZ");
  const msg = bs.credentialMessage("P1", { prefix: new Uint8Array(32).fill(1), nonce: new Uint8Array(32).fill(2) });
  assert.equal(bs.credentialHash(msg), createHash("sha256").update(msg).digest("hex"));
});
