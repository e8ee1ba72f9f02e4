// Team meetings: follow the presenter without WebSockets. Each page polls a small JSON
// address every few seconds; without JavaScript the pages have a Refresh button instead.

const presenter = document.querySelector("#meeting-status[data-poll-url]");
const phone = document.querySelector("[data-screen][data-poll-url]");

function every(element, handle) {
  const seconds = Number(element.dataset.pollSeconds) || 2;
  setInterval(async () => {
    if (document.hidden) return; // a phone in a pocket asks nothing
    try {
      const response = await fetch(element.dataset.pollUrl, { headers: { Accept: "application/json" } });
      if (response.ok) handle(await response.json());
    } catch {
      // A dropped connection: try again at the next tick.
    }
  }, seconds * 1000);
}

// Counts only: the presenter's screen never learns who has joined or answered.
function show(element, text) {
  if (element && element.textContent.trim() !== text) element.textContent = text;
}

if (presenter) {
  const joined = document.querySelector("#joined-count");
  const answered = document.querySelector("#answered-count");
  every(presenter, (status) => {
    show(joined, `${status.joined} joined`);
    show(answered, `${status.answered} ${status.answered === 1 ? "has" : "have"} answered`);
  });
}

if (phone) {
  every(phone, (status) => {
    const typing = document.activeElement && document.activeElement.matches("textarea, input[type=text]");
    if (status.screen !== phone.dataset.screen && !typing) window.location.reload();
  });
}

// Presentation clickers send Page Down and Page Up; arrow keys work too.
const controls = document.querySelector(".app-controls");
if (controls) {
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    const key = { PageDown: "next", ArrowRight: "next", PageUp: "previous", ArrowLeft: "previous" }[event.key];
    const button = key && controls.querySelector(`[data-key="${key}"]:not([disabled])`);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}
