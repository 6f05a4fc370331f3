import type { Lang } from "../lang.ts";
import { entry as en, type EntryStrings } from "./en.ts";
import { entry as ja } from "./ja.ts";
import { entry as ko } from "./ko.ts";
import { entry as zhCN } from "./zh-CN.ts";
import { entry as zhTW } from "./zh-TW.ts";

/** The loader's few labels in every language (the panel catalogues stay out of widget.js). */
export const ENTRY: Record<Lang, EntryStrings> = { en, ja, ko, "zh-CN": zhCN, "zh-TW": zhTW };
export type { EntryStrings };
