import type { TestApp } from "./harness.ts";
import { solidPng } from "./png.ts";

/** Helpers for the entry-style and branding browser tests (V2, V16). */
const ACTOR = { id: null, name: "test" };

/** Saves a settings section as an admin's form would: the saved values, with some fields changed. */
export function saveSection(t: TestApp, siteId: number, key: string, fields: Record<string, string>) {
  const section = t.services.siteSettings.section(key);
  const body = { ...section.formValues(t.services.siteSettings.get(siteId, key)), ...fields };
  return t.services.siteSettings.update(siteId, key, body, ACTOR);
}

/** Stores a real PNG of the given size as a site image; returns its id. */
export async function siteImage(t: TestApp, siteId: number, width: number, height: number, rgb: [number, number, number]) {
  return (await t.services.siteImages.store(siteId, solidPng(width, height, rgb), ACTOR, "test")).id;
}
