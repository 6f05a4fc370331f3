/**
 * The loader's stylesheet (host element and entry button). It lives inside the shadow root;
 * the host element's own box is reset with `all: initial !important` because rules from the
 * page reach the host element, and only !important rules from inside win over them.
 * The host itself is a fixed, empty box (its children are all position:fixed), so it never
 * takes part in the page's layout, even inside a flex or grid body.
 * --yk-primary is the one theming hook (a site colour can be set on the host later).
 * Written minified by hand: this ships in the 4 KB loader.
 */
export const ENTRY_CSS =
  ":host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;--yk-primary:#1a56a8}" +
  "*{box-sizing:border-box}" +
  ".e{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;padding:0;display:flex;align-items:center;justify-content:center;background:var(--yk-primary);color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(15,23,42,.22)}" +
  ".e:focus-visible{outline:3px solid var(--yk-primary);outline-offset:3px}" +
  ".e svg{width:28px;height:28px;fill:currentColor}" +
  ".d{position:absolute;right:2px;bottom:2px;width:14px;height:14px;border-radius:50%;border:2px solid #fff;background:#8a9099}" +
  ".on .d{background:#17a34a}" +
  ".b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d92d20;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}" +
  ".b:empty,.open .b,.open .d{display:none}" +
  "@media(max-width:599px){.e.open{display:none}}";
