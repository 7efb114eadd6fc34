// Hall display: refresh the turnout ("87 von 118 haben abgestimmt") without reloading, and
// switch to the result view once the poll is closed. Never shows partial results: the
// endpoint only returns counts of ballots, not their content.
const root = document.getElementById("hall");
const text = document.getElementById("turnout-text");
const bar = document.getElementById("turnout-bar");
const PERIOD_MS = 2000;

async function refresh() {
  try {
    const response = await fetch(root.dataset.turnoutUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return;
    const data = await response.json();
    text.textContent = data.text;
    bar.max = Math.max(data.present, 1);
    bar.value = data.cast;
    if (data.closed) {
      window.location.assign(root.dataset.resultUrl);
      return;
    }
  } catch (_error) {
    // the hall network hiccups; try again next tick
  }
  window.setTimeout(refresh, PERIOD_MS);
}

if (root) window.setTimeout(refresh, PERIOD_MS);
