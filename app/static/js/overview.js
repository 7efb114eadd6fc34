// Chair overview: the turnout of every open poll ("87 von 118 haben abgestimmt"), refreshed
// without reloading. When a poll leaves the open state (closed in another window), the page
// reloads so its buttons match. The Close button's question is kept current with it.
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
        // the question before closing says the same turnout ("9 von 29 haben abgestimmt – …")
        const close = (element.closest("li") || element.closest(".actions"))
          ?.querySelector('form[data-key="close"]');
        if (close && data.close_question) close.dataset.confirm = data.close_question;
      }
    } catch (_error) {
      // a network hiccup; try again next tick
    }
    window.setTimeout(refresh, PERIOD_MS);
  }
  window.setTimeout(refresh, PERIOD_MS);
}

document.querySelectorAll("[data-turnout-url]").forEach(watch);
