import { html, type Html } from "../../../platform/html.ts";

/** The form fields that hold a site image id; the upload route accepts only these names. */
export const IMAGE_FIELDS = ["logo", "avatar", "banner", "online_image", "offline_image"] as const;
export type ImageField = (typeof IMAGE_FIELDS)[number];
export const IMAGE_LABELS: Record<ImageField, Html> = {
  logo: html`标志 <small>Logo</small>`,
  avatar: html`默认客服头像 <small>Default agent avatar</small>`,
  banner: html`横幅 <small>Banner</small>`,
  online_image: html`在线时的入口图片 <small>Entry image when online</small>`,
  offline_image: html`离线时的入口图片 <small>Entry image when offline</small>`,
};
export const isImageField = (name: unknown): name is ImageField => typeof name === "string" && (IMAGE_FIELDS as readonly string[]).includes(name);

export interface ImageFieldOptions {
  siteId: number;
  name: ImageField;
  /** The stored (or just uploaded) image id; "" = none. */
  value: string;
  error?: string;
  hint?: Html | string;
  /** Just uploaded: refresh the settings page's live preview with the form as it now is. */
  refreshPreview?: boolean;
}

/** Which settings section shows each image field (its form holds the hidden id). */
export const IMAGE_SECTION: Record<ImageField, string> = { logo: "branding", avatar: "branding", banner: "branding", online_image: "entry", offline_image: "entry" };

/**
 * One site image in a settings form: the id travels in a hidden input with the section's other
 * fields, so saving and the live preview need nothing special. Choosing a file uploads it at
 * once through its own multipart request (POST /admin/sites/:id/images?field=NAME, htmx
 * hx-encoding) and the answer is this same block with the new id, swapped in place; the section
 * form itself stays an ordinary urlencoded form. "Remove" is a checkbox (`NAME_clear`) so it
 * works without script; parse reads it. The upload's answer also carries a one-shot element
 * that posts the whole form to the section's preview once swapped in (htmx `load`), so the
 * preview shows the new image before the admin saves.
 */
export function imageField(o: ImageFieldOptions): Html {
  const id = `imgf-${o.name}`;
  const err = o.error ? html`<span class="field-error" id="err-${o.name}" role="alert">${o.error}</span>` : "";
  return html`<div class="image-field" id="${id}">
  <span class="image-label">${IMAGE_LABELS[o.name]}</span>
  <input type="hidden" name="${o.name}" value="${o.value}">
  ${o.value ? html`<img class="image-preview" src="/widget/assets/${o.value}" alt="">` : html`<span class="hint">未设置（使用默认） <small>Not set (default)</small></span>`}
  <label class="image-upload">上传图片 <small>Upload</small>
  <input type="file" name="upload_${o.name}" accept="image/png,image/jpeg,image/gif,image/webp" hx-post="/admin/sites/${o.siteId}/images?field=${o.name}" hx-encoding="multipart/form-data" hx-trigger="change" hx-target="#${id}" hx-swap="outerHTML"${o.error ? html` aria-invalid="true" aria-describedby="err-${o.name}"` : ""}>
  </label>
  ${o.value ? html`<label class="check"><input type="checkbox" name="${o.name}_clear" value="1"> 移除 <small>Remove</small></label>` : ""}
  <span class="hint">PNG、JPEG、GIF 或 WebP，不超过 512 KB <small>PNG, JPEG, GIF or WebP, at most 512 KB</small>${o.hint ? html` · ${o.hint}` : ""}</span>
  ${err}${o.refreshPreview ? html`<div hidden hx-post="/admin/sites/${o.siteId}/settings/${IMAGE_SECTION[o.name]}/preview" hx-trigger="load" hx-target="#preview-box" hx-swap="innerHTML"></div>` : ""}
</div>`;
}
