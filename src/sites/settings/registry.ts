import type { SettingsLink, SettingsSection } from "./section.ts";
import { languagesSection } from "./sections/languages.ts";

/**
 * Every settings section, in the order of the admin tabs. A section is one JSON document per
 * site (site_settings); adding one here is all it takes to get its page, its preview and its
 * place in the widget's config.
 */
export const SECTIONS: SettingsSection[] = [
  languagesSection,
];

/** Per-site settings that are lists with pages of their own (invitation rules, ...), linked beside the tabs. */
export const SETTINGS_LINKS: SettingsLink[] = [
];

export const sectionByKey = (key: string): SettingsSection | undefined => SECTIONS.find((s) => s.key === key);
