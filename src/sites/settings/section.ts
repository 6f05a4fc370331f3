// TEMPORARY stub of the settings core's contract (the lead's file replaces this one at merge).
import type { FieldState } from "../../admin/forms.ts";
import type { Html } from "../../platform/html.ts";
import type { Services } from "../../services.ts";

export interface SectionContext {
  siteId: number;
  services: Services;
}
export interface SettingsSection<T = any> {
  key: string;
  zh: string;
  en: string;
  defaults(): T;
  parse(body: Record<string, unknown>, ctx: SectionContext): T;
  formValues(value: T): Record<string, string>;
  fields(state: FieldState, ctx: SectionContext): Html;
  widget?(value: T): unknown;
  warnings?(value: T): { field: string; message: string }[];
}
