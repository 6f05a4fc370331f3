/** Files dragged onto the chat are sent like picked ones; the body shows a drop hint meanwhile. */
export function dropTarget(chat: HTMLElement, body: HTMLElement, send: (files: File[]) => void) {
  for (const type of ["dragenter", "dragover"] as const)
    chat.addEventListener(type, (e) => {
      if (!e.dataTransfer?.types.includes("Files")) return;
      e.preventDefault();
      body.classList.add("drag");
    });
  chat.addEventListener("dragleave", (e) => {
    if (!chat.contains(e.relatedTarget as Node)) body.classList.remove("drag");
  });
  chat.addEventListener("drop", (e) => {
    body.classList.remove("drag");
    const files = [...(e.dataTransfer?.files || [])];
    if (!files.length) return;
    e.preventDefault();
    send(files);
  });
}
