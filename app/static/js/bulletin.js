// Live counts on the public poll page: asks the public status endpoint every few seconds
// while the poll is open and reloads the page once it closes (to show all ballots).
const box = document.getElementById("counts");
const url = box && box.dataset.statusUrl;

async function refresh() {
  try {
    const response = await fetch(url, { credentials: "omit", cache: "no-store" });
    if (!response.ok) return;
    const data = await response.json();
    for (const el of box.querySelectorAll("[data-count]")) {
      const value = data[el.dataset.count];
      el.textContent = value === null || value === undefined ? "–" : String(value);
    }
    if (data.state !== "open") {
      window.location.reload();
      return;
    }
  } catch (_err) {
    // offline for a moment: try again at the next tick
  }
  window.setTimeout(refresh, 4000 + Math.random() * 2000);
}

if (url) {
  const live = box.querySelector("[data-live]");
  if (live) live.hidden = false;
  window.setTimeout(refresh, 3000);
}
