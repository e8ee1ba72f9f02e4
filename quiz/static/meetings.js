// Team meetings: follow the presenter without WebSockets. Each page polls a small JSON
// address every few seconds; without JavaScript the pages have a Refresh button instead.

const presenterCount = document.querySelector("#answered-count[data-poll-url]");
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

if (presenterCount) {
  const joined = document.querySelector("#joined-count");
  every(presenterCount, (status) => {
    const answered = `${status.answered} ${status.answered === 1 ? "has" : "have"} answered`;
    if (presenterCount.textContent !== answered) presenterCount.textContent = answered;
    const joinedText = `${status.joined} joined`;
    if (joined && joined.textContent !== joinedText) joined.textContent = joinedText;
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
