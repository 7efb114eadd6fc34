// "beschlussfähig" on the desk and the chair's overview, kept current without reloading
// (other desks check people in and out): the text and its colour come from counts.json.
const line = document.getElementById("quorum");
const PERIOD_MS = 5000;

async function refresh() {
  try {
    const response = await fetch(line.dataset.url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) return;
    const counts = await response.json();
    if (typeof counts.quorum_text !== "string") return;
    line.textContent = counts.quorum_text;
    line.classList.toggle("quorum-yes", counts.quorate === true);
    line.classList.toggle("quorum-no", counts.quorate !== true);
  } catch {
    // offline for a moment: try again next tick
  }
}

if (line) {
  setInterval(() => {
    if (!document.hidden) refresh();
  }, PERIOD_MS);
}
