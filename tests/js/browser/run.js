// Page script for tests/ballots/test_blind_js.py: runs the RFC 9474 PSS-Randomized vector and a
// fresh blinding in a real browser, served over plain HTTP from a non-local host name, and
// writes the outcome as JSON into #out.
import * as bs from "./rsabssa.js";

const out = document.getElementById("out");
try {
  const v = (await (await fetch("rfc9474.json")).json()).vectors[0];
  const pk = bs.importPublicKey(await (await fetch("key.json")).json());
  const prepared = bs.fromHex(v.prepared_msg);
  const inv = BigInt("0x" + v.inv);
  const { blindedMsg } = bs.blind(pk, prepared, {
    salt: bs.fromHex(v.salt),
    r: bs.modInverse(inv, pk.n),
  });
  const sig = bs.finalize(pk, prepared, bs.fromHex(v.blind_sig), inv);
  const fresh = bs.blind(pk, bs.credentialMessage("P1"));
  out.textContent = JSON.stringify({
    blinded: bs.toHex(blindedMsg) === v.blinded_msg,
    sig: bs.toHex(sig) === v.sig,
    fresh: fresh.blindedMsg.length,
    fingerprint: pk.fingerprint,
    secure: window.isSecureContext,
    subtle: typeof globalThis.crypto.subtle,
  });
} catch (err) {
  out.textContent = JSON.stringify({ error: String(err) });
}
