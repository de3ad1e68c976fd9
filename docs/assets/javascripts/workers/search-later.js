// The theme's search worker, started lazily on the calculator page (overrides/calculator.html): the
// search index is built at the first search, or 6 s after the page opened, so that building it does not
// compete with Python's start-up for the CPU. Messages that arrive before are kept and replayed in order.
// It lives beside the theme's own worker so that the relative paths inside that worker still resolve.
const name = new URL(self.location.href).searchParams.get("real") || "";
let held = [];

function start() {
  if (!held) return;
  const pending = held;
  held = null;
  removeEventListener("message", hold);
  if (/^search\.[0-9a-f]+\.min\.js$/.test(name)) importScripts(name);
  for (const data of pending) dispatchEvent(new MessageEvent("message", { data }));
}

function hold(event) {
  held.push(event.data);
  if (!event.data || event.data.type !== 0) start();     // anything but the index itself: a search
}

addEventListener("message", hold);
setTimeout(start, 6000);
