import type { SettingsLink, SettingsSection } from "./section.ts";
import { languagesSection } from "./sections/languages.ts";
import { entrySection } from "./sections/entry.ts";
import { brandingSection } from "./sections/branding.ts";
import { textsSection } from "./sections/texts.ts";

/**
 * Every settings section, in the order of the admin tabs. A section is one JSON document per
 * site (site_settings); adding one here is all it takes to get its page, its preview and its
 * place in the widget's config.
 */
export const SECTIONS: SettingsSection[] = [
  languagesSection,
  entrySection,
  brandingSection,
  textsSection,
];

/** Per-site settings that are lists with pages of their own (invitation rules, ...), linked beside the tabs. */
export const SETTINGS_LINKS: SettingsLink[] = [
];

export const sectionByKey = (key: string): SettingsSection | undefined => SECTIONS.find((s) => s.key === key);
