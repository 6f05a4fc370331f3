import { ApiError } from "../lib/api.ts";
import { getMe } from "../lib/session.ts";

/**
 * A multipart upload with progress and cancel: fetch cannot report upload progress, so this is
 * the one place the console uses XMLHttpRequest. Same CSRF header and error shape as api().
 */
export function uploadFile(url: string, blob: Blob, name: string, cid: string, onProgress: (fraction: number) => void) {
  const xhr = new XMLHttpRequest();
  const done = new Promise<any>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: any = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data?.error?.code ?? "error", data?.error?.message ?? `HTTP ${xhr.status}`, data?.error?.field));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "网络错误 / network error"));
    xhr.onabort = () => reject(Object.assign(new Error("cancelled"), { name: "AbortError" }));
  });
  const form = new FormData();
  form.append("file", blob, name);
  form.append("cid", cid);
  xhr.open("POST", url);
  xhr.setRequestHeader("x-csrf-token", getMe().csrfToken);
  xhr.setRequestHeader("accept", "application/json");
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
