// Hall display: refresh the turnout ("87 von 118 haben abgestimmt") without reloading; when
// the poll changes state (opened, declared void) show the page the server renders for that
// state, and once it is closed switch to the result view. Never shows partial results: the
// endpoint only returns counts of ballots, not their content.
import { showTurnout } from "./turnout.js";

const root = document.getElementById("hall");
const PERIOD_MS = 2000;

function showResult() {
  window.location.assign(root.dataset.resultUrl);
}

async function refresh() {
  try {
    const response = await fetch(root.dataset.turnoutUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (response.ok) {
      const data = await response.json();
      if (data.state === "closed") return showResult();
      if (data.state !== root.dataset.state) return window.location.reload();
      if (data.state === "open") showTurnout(data);
    }
  } catch (_error) {
    // the hall network hiccups; try again next tick
  }
  window.setTimeout(refresh, PERIOD_MS);
}

if (root && "hasResult" in root.dataset) showResult();
else if (root) window.setTimeout(refresh, PERIOD_MS);
