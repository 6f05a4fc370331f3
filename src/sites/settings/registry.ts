import type { SettingsLink, SettingsSection } from "./section.ts";
import { languagesSection } from "./sections/languages.ts";
import { identitySection } from "./sections/identity.ts";
import { regionsSection } from "./sections/regions.ts";
import { idleSection } from "./sections/idle.ts";
import { keepSection } from "./sections/keep.ts";
import { floodSection } from "./sections/flood.ts";
import { prechatSection } from "./sections/prechat.ts";
import { satisfactionSection } from "./sections/satisfaction.ts";
import { leaveFormSection } from "./sections/leave-form.ts";
import { quickTagsSection } from "./sections/quick-tags.ts";
import { entrySection } from "./sections/entry.ts";
import { brandingSection } from "./sections/branding.ts";
import { textsSection } from "./sections/texts.ts";
import { forwardingSection } from "./sections/forwarding.ts";

/**
 * Every settings section, in the order of the admin tabs. A section is one JSON document per
 * site (site_settings); adding one here is all it takes to get its page, its preview and its
 * place in the widget's config.
 */
export const SECTIONS: SettingsSection[] = [
  languagesSection,
  identitySection,
  regionsSection,
  idleSection,
  keepSection,
  floodSection,
  prechatSection,
  satisfactionSection,
  leaveFormSection,
  quickTagsSection,
  entrySection,
  brandingSection,
  textsSection,
  forwardingSection,
];

/** Per-site settings that are lists with pages of their own (invitation rules, ...), linked beside the tabs. */
export const SETTINGS_LINKS: SettingsLink[] = [
  { href: (siteId) => `/admin/sites/${siteId}/invitation-rules`, zh: "自动邀请", en: "Invitation rules" },
  { href: () => "/admin/topics", zh: "咨询话题（全部网站）", en: "Chat topics (all sites)" },
];
