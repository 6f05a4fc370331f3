/**
 * Console bootstrap: shows who is signed in and keeps the agent channel open, returning to the
 * sign-in page when the server ends the session (close code 4001). The full console replaces
 * this with lit components.
 */
const who = document.getElementById("who")!;
const statusLine = document.getElementById("status")!;

async function start() {
  const res = await fetch("/api/me", { headers: { accept: "application/json" } });
  if (res.status === 401) {
    location.href = "/login?next=/console";
    return;
  }
  const me = (await res.json()) as { displayName: string; username: string };
  who.textContent = `${me.displayName} (${me.username})`;
  connect();
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent`);
  ws.onmessage = (e) => {
    const frame = JSON.parse(String(e.data)) as { type: string };
    if (frame.type === "connected") {
      statusLine.dataset.state = "online";
      statusLine.textContent = "在线 Online";
    }
  };
  ws.onclose = (e) => {
    statusLine.dataset.state = "offline";
    if (e.code === 4001 || e.code === 4003) {
      location.href = "/login?next=/console";
      return;
    }
    statusLine.textContent = "连接断开，正在重连… Reconnecting…";
    setTimeout(connect, 2000);
  };
}

void start();

export {};
