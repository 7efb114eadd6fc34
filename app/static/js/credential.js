// The anonymous credential of one poll, prepared and fetched without asking the voter (as soon
// as the poll opens, so the time of the request says nothing about the time of the vote). The
// server sees only the blinded value; the phone unblinds and verifies the signature.
import * as api from "./api.js";
import {
  b64urlDecode,
  b64urlEncode,
  blind,
  credentialMessage,
  finalize,
  importPublicKey,
} from "./rsabssa.js";

const inFlight = new Set(); // "card key/public_id" with a credential request running

// The stored record once a credential is ready (or on its way: null while a request runs),
// {stage: "elsewhere"} if this card's credential went to another device or browser.
// ``card`` is the card's records (store.forCard(token)): the credential is stored there only,
// so it serves this card and no other, even if another card is opened meanwhile.
export async function ensureCredential(poll, token, card) {
  const id = poll.public_id;
  const running = `${card.key}/${id}`;
  let rec = card.get(id);
  if (rec && rec.fingerprint === poll.public_key.fingerprint && rec.stage !== "blinded") return rec;
  if (inFlight.has(running)) return rec;
  if (!rec || rec.fingerprint !== poll.public_key.fingerprint) {
    if (poll.credential_issued) return { stage: "elsewhere" };
    const pk = importPublicKey(poll.public_key);
    const msg = credentialMessage(id);
    const { blindedMsg, inv } = blind(pk, msg);
    // Saved BEFORE sending: a retry after a lost answer re-sends the same blinded value.
    rec = card.put(id, {
      stage: "blinded", title: poll.title, kind: poll.kind, fingerprint: pk.fingerprint,
      msg: b64urlEncode(msg), blinded: b64urlEncode(blindedMsg), inv: inv.toString(16),
    });
  }
  inFlight.add(running);
  try {
    const answer = await api.requestCredential(token, id, rec.blinded);
    const pk = importPublicKey(poll.public_key);
    const sig = finalize(pk, b64urlDecode(rec.msg), b64urlDecode(answer.blind_sig), BigInt("0x" + rec.inv));
    return card.put(id, { stage: "ready", sig: b64urlEncode(sig), blinded: null, inv: null });
  } catch (err) {
    if (err.code === "credential_already_issued" || err.code === "paper_ballot_issued") {
      return { stage: "elsewhere" };
    }
    throw err;
  } finally {
    inFlight.delete(running);
  }
}
