import type { Conversation, ChatMessage } from "./conversation.ts";
import { fmt } from "./dom.ts";
import { checkFile, formatSize, upload, type Upload } from "./files.ts";
import { randomId, type Limits } from "./frames.ts";
import type { PanelStrings } from "./i18n/panel.ts";

export interface FileSenderDeps {
  t: PanelStrings;
  origin: string;
  site: string;
  token(): string | null;
  limits(): Limits | null;
  conv: Conversation;
  note(text: string): void;
  render(): void;
  /** Before the first upload of a batch: a new conversation if the last one ended. */
  before(): void;
  /** The uploaded file goes out as a `file` frame under the message's cid. */
  deliver(cid: string, fileId: string | number): void;
  /** After a batch started (scroll to the newest). */
  after(): void;
}

/**
 * Sending files (V11) from the panel: each file is checked against `connected.limits`, shown
 * as an uploading message with progress and cancel, uploaded, then sent as a `file` frame with
 * the message's cid (so it is acknowledged and resent like text).
 */
export function fileSender(d: FileSenderDeps) {
  const { t } = d;
  const uploads = new Map<string, Upload>();
  return {
    cancel: (cid: string) => uploads.get(cid)?.cancel(),
    send(files: File[]) {
      for (const file of files.slice(0, 10)) {
        const limits = d.limits();
        const problem = checkFile(file, limits);
        const token = d.token();
        if (problem || !token) {
          d.note(fmt(problem ? t[problem] : t.uploadFailed, { name: file.name, max: formatSize(limits?.maxFileBytes || 0) }));
          continue;
        }
        d.before();
        const cid = randomId();
        const m: ChatMessage = d.conv.addLocal(cid, "", { kind: "file", state: "uploading", upload: { name: file.name, size: file.size, progress: 0 } });
        const up = upload({
          origin: d.origin,
          site: d.site,
          token,
          file,
          onProgress(pct) {
            if (m.upload) m.upload.progress = pct;
            d.render();
          },
        });
        uploads.set(cid, up);
        up.done.then(
          (info) => {
            uploads.delete(cid);
            m.upload = undefined;
            m.state = "sending";
            m.file = { ...info, url: "", thumbUrl: null };
            d.deliver(cid, info.id);
            d.render();
          },
          (err: { aborted?: boolean }) => {
            uploads.delete(cid);
            d.conv.remove(cid);
            d.render();
            if (!err.aborted) d.note(fmt(t.uploadFailed, { name: file.name }));
          },
        );
      }
      d.render();
      d.after();
    },
  };
}
