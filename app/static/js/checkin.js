// Check-in desk: keep the counts and the booths' states current without reloading (other
// desks check people in too; a booth reports "free" or "in use").
const box = document.getElementById("desk-counts");
const PERIOD_MS = 5000;

const fields = {
  entitled: document.getElementById("count-entitled"),
  present: document.getElementById("count-present"),
  with_vote: document.getElementById("count-with-vote"),
  refused_cards: document.getElementById("count-refused-cards"),
};
const refusedLine = document.getElementById("refused-cards-line");

async function refresh() {
  try {
    const response = await fetch(box.dataset.url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return;
    const counts = await response.json();
    for (const [key, element] of Object.entries(fields)) {
      if (element && Number.isInteger(counts[key])) element.textContent = String(counts[key]);
    }
    for (const booth of counts.booths || []) {
      const badge = document.getElementById(`booth-${booth.number}`);
      if (!badge) continue;
      badge.textContent = booth.label;
      badge.className = `badge booth-state booth-${booth.state}`;
    }
    if (refusedLine) refusedLine.classList.toggle("is-alarm", counts.refused_cards > 0);
    box.classList.remove("stale");
  } catch {
    box.classList.add("stale"); // offline for a moment: show it, try again next tick
  }
}

if (box) {
  setInterval(() => {
    if (!document.hidden) refresh();
  }, PERIOD_MS);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
}
