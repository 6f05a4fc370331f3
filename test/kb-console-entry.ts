// Test-only bundle entry (test/browser-kb.test.ts): the canned-replies elements plus the two
// session setters the console shell would call, until the shell mounts the feature itself.
import "../web/src/features/kb/index.ts";
import { setCsrfToken } from "../web/src/lib/api.ts";
import { setMe } from "../web/src/lib/session.ts";

(globalThis as any).__ykKb = { setCsrfToken, setMe };
