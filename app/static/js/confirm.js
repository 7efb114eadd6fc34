// A form with data-confirm (post_button(confirm=…) in app/templates/chair/_macros.html) asks
// its question before it posts: opening a poll, closing it, deleting a draft cannot be undone.
// The question comes from the server in the user's language.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) event.preventDefault();
});
