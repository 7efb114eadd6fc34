// Chair overview: the turnout of every open poll ("87 von 118 haben abgestimmt"), refreshed
// without reloading. When a poll leaves the open state (closed in another window), the page
// reloads so its buttons match.
const PERIOD_MS = 3000;

function watch(element) {
  async function refresh() {
    try {
      const response = await fetch(element.dataset.turnoutUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (response.ok) {
        const data = await response.json();
        if (data.state !== "open") return window.location.reload();
        element.textContent = data.text;
      }
    } catch (_error) {
      // a network hiccup; try again next tick
    }
    window.setTimeout(refresh, PERIOD_MS);
  }
  window.setTimeout(refresh, PERIOD_MS);
}

document.querySelectorAll("[data-turnout-url]").forEach(watch);
