/** The form controls live in platform so settings sections (a domain) can draw their own fields. */
export * from "../platform/forms.ts";
