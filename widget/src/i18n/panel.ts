import type { Lang } from "../lang.ts";
import { panel as en, type PanelStrings } from "./en.ts";
import { panel as ja } from "./ja.ts";
import { panel as ko } from "./ko.ts";
import { panel as zhCN } from "./zh-CN.ts";
import { panel as zhTW } from "./zh-TW.ts";

/** The chat panel's strings in every language; bundled into panel.js only. */
export const PANEL: Record<Lang, PanelStrings> = { en, ja, ko, "zh-CN": zhCN, "zh-TW": zhTW };
export type { PanelStrings };
