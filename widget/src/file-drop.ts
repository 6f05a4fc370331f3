/**
 * Files dropped on the chat view are sent like chosen ones; while files are dragged over it,
 * `body` shows the drop hint (its .drag style). Other drags (text, links) are left alone.
 */
export function fileDrop(chat: HTMLElement, body: HTMLElement, send: (files: File[]) => void) {
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
