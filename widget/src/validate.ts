/**
 * Client-side checks for the leave-message (V6) and contact-card (V17) forms. They return
 * catalogue keys, not text, so the forms show them in the visitor's language and the tests
 * do not depend on wording. The server checks again; its `error.field` is shown the same way.
 */
export interface ContactInput {
  name: string;
  phone: string;
  email: string;
  company?: string;
  content?: string;
}
export type FieldError = "required" | "contactRequired" | "badEmail" | "badPhone" | "tooLong";
export type Errors = Partial<Record<keyof ContactInput, FieldError>>;

export const MAX_CONTENT = 5000;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[\d\s\-().]{5,24}$/;

export const validEmail = (s: string) => EMAIL.test(s.trim());
export const validPhone = (s: string) => PHONE.test(s.trim()) && s.replace(/\D/g, "").length >= 5;

function contact(v: ContactInput, e: Errors) {
  if (v.name.trim().length > 100) e.name = "tooLong";
  if (v.phone.trim() && !validPhone(v.phone)) e.phone = "badPhone";
  if (v.email.trim() && !validEmail(v.email)) e.email = "badEmail";
  if ((v.company || "").trim().length > 200) e.company = "tooLong";
}

/** What the site's leave form requires (M11); without it: one of phone and email. */
export interface LeaveRules {
  required: (keyof ContactInput)[];
  contactRequired: boolean;
}

/** Leave message: content, the site's required fields and (by default) one of phone and email. */
export function validateLeave(v: ContactInput, rules: LeaveRules = { required: [], contactRequired: true }): Errors {
  const e: Errors = {};
  contact(v, e);
  for (const k of rules.required) if (!String(v[k] ?? "").trim() && !e[k]) e[k] = "required";
  const content = (v.content || "").trim();
  if (!content) e.content = "required";
  else if (content.length > MAX_CONTENT) e.content = "tooLong";
  if (rules.contactRequired && !v.phone.trim() && !v.email.trim()) e.phone = e.email = "contactRequired";
  return e;
}

/** Contact card: every field optional, but what is given must look right. */
export function validateProfile(v: ContactInput): Errors {
  const e: Errors = {};
  contact(v, e);
  return e;
}
