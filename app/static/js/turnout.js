// The turnout line and bar of the hall display ("87 von 118 haben abgestimmt"), updated in
// place from the server's counts (hall.js for the chair's page, display.js for /saal/).
export function showTurnout(data) {
  const text = document.getElementById("turnout-text");
  const bar = document.getElementById("turnout-bar");
  if (text) text.textContent = data.text;
  if (bar) {
    bar.max = Math.max(data.present, 1);
    bar.value = data.cast;
  }
}
