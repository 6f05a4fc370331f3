/**
 * Escape-by-default HTML templates for server-rendered pages. Every interpolated value is
 * escaped unless it is itself an `Html` (produced by this tag or by `raw` for trusted constants),
 * so visitor or agent text can never become markup. Curly braces are escaped too: a later
 * client-side template engine must not re-evaluate text such as `{{constructor...}}`.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;", "{": "&#123;", "}": "&#125;",
};

export function escapeHtml(text: unknown): string {
  return String(text ?? "").replace(/[&<>"'`{}]/g, (c) => ESCAPES[c]);
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(part);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Only for constant markup the code itself owns (never for data). */
export const raw = (trusted: string) => new Html(trusted);
