// Test helper (not a test): lets tests/ballots/test_blind_js.py drive rsabssa.js.
// Reads one JSON request on stdin, writes one JSON answer on stdout.
import { readFileSync } from "node:fs";

import * as bs from "../../app/static/js/rsabssa.js";

const req = JSON.parse(readFileSync(0, "utf8"));
const pk = bs.importPublicKey(req.key);
let answer;
if (req.op === "blind") {
  const msg = bs.credentialMessage(req.poll_id);
  const { blindedMsg, inv } = bs.blind(pk, msg);
  answer = { msg: bs.b64Encode(msg), blinded: bs.b64Encode(blindedMsg), inv: inv.toString(16) };
} else if (req.op === "finalize") {
  const msg = bs.b64Decode(req.msg);
  const sig = bs.finalize(pk, msg, bs.b64Decode(req.blind_sig), BigInt("0x" + req.inv));
  const hash = bs.credentialHash(msg);
  answer = { sig: bs.b64Encode(sig), hash, tracker: bs.trackerCode(hash), fingerprint: pk.fingerprint };
} else {
  throw new Error(`unknown op ${req.op}`);
}
process.stdout.write(JSON.stringify(answer));
