import { GlobalRegistrator } from "@happy-dom/global-registrator";
import { afterAll, beforeAll } from "bun:test";

/** happy-dom for the tests that draw: registered per file, never at import time. */
export function useDom() {
  beforeAll(() => GlobalRegistrator.register({ url: "https://shop.example.com/page" }));
  afterAll(() => GlobalRegistrator.unregister());
}
