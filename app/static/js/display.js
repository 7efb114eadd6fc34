// Saalanzeige behind its link /saal/#<secret>: the secret stays in the fragment (never sent
// with the page request, so never in an access log) and goes only into the Authorization
// header of the two JSON requests. Every two seconds ask which poll is current and its state;
// when either changes, fetch the server-rendered view (turnout while open, the result after
// close) and show it; while the poll is open, update the turnout in place. Never shows a
// partial result: the endpoints return counts of ballots, not their content.
import { showTurnout } from "./turnout.js";

const root = document.getElementById("display");
const PERIOD_MS = 2000;
const secret = decodeURIComponent(window.location.hash.slice(1)).trim();

class Refused extends Error {}

async function ask(url) {
  const response = await fetch(url, {
    credentials: "omit",
    headers: { Accept: "application/json", Authorization: `Bearer ${secret}` },
    cache: "no-store",
  });
  const data = await response.json();
  if (response.status === 401) throw new Refused(data.error);
  if (!response.ok) throw new Error(data.error || String(response.status));
  return data;
}

function say(text) {
  const line = document.createElement("p");
  line.className = "hall-status";
  line.textContent = text;
  root.replaceChildren(line);
}

async function render() {
  const data = await ask(root.dataset.viewUrl);
  root.innerHTML = data.html; // rendered and escaped by the server's templates
  root.dataset.poll = data.poll || "";
  root.dataset.state = data.state;
}

async function tick() {
  try {
    const data = await ask(root.dataset.stateUrl);
    if ((data.poll || "") !== root.dataset.poll || data.state !== root.dataset.state) {
      await render();
    } else if (data.state === "open") {
      showTurnout(data);
    }
  } catch (error) {
    if (error instanceof Refused) return say(error.message); // revoked or renewed: stop
    // the hall network hiccups; try again next tick
  }
  window.setTimeout(tick, PERIOD_MS);
}

if (root && secret) tick();
else if (root) root.replaceChildren(document.getElementById("display-no-link").content.cloneNode(true));
