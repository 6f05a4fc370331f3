/**
 * The loader's stylesheet (host element and entry button). It lives inside the shadow root;
 * the host element's own box is reset with `all: initial !important` because rules from the
 * page reach the host element, and only !important rules from inside win over them.
 * The host itself is a fixed, empty box (its children are all position:fixed), so it never
 * takes part in the page's layout, even inside a flex or grid body.
 * Theming: the site's colours arrive as custom properties set on the host (widget/src/theme.ts);
 * the values here are the built-in look. Written minified by hand: this ships in main.js.
 */
export const ENTRY_CSS =
  ":host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;--yk-primary:#1a56a8}" +
  "*{box-sizing:border-box}" +
  ".e{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;padding:0;display:flex;align-items:center;justify-content:center;background:var(--yk-primary);color:var(--yk-on-primary,#fff);cursor:pointer;box-shadow:0 6px 20px rgba(15,23,42,.22)}" +
  ".e:focus-visible{outline:3px solid var(--yk-primary);outline-offset:3px}" +
  ".e svg{width:28px;height:28px;fill:currentColor}" +
  ".e.img{width:auto;height:auto;border-radius:0;background:none;box-shadow:none}" +
  ".e img{display:block;max-width:200px;max-height:200px}" +
  ".d{position:absolute;right:2px;bottom:2px;width:14px;height:14px;border-radius:50%;border:2px solid #fff;background:#8a9099}" +
  ".on .d{background:#17a34a}" +
  ".b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d92d20;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}" +
  ".e[hidden],.b:empty,.open .b,.open .d,.img .d{display:none}" +
  "@media(max-width:599px){.e.open{display:none}}";

/**
 * The in-page entries (fixed image, text link, group/agent list), drawn right after the
 * snippet's script element in a shadow root of their own (`yingke-entry`), so they flow with
 * the page's text while the page's CSS cannot reach inside.
 */
export const INLINE_CSS =
  ":host{all:initial!important;display:inline-block!important;max-width:100%!important;--yk-primary:#1a56a8}" +
  // The host's own font is reset with everything else, so the entry's top element sets it.
  "*{box-sizing:border-box}.i,.k,.t,.l{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:#1f2328}button{cursor:pointer;position:relative}.l button{font:inherit}" +
  ":focus-visible{outline:2px solid var(--yk-primary);outline-offset:2px}" +
  ".i{border:0;padding:0;background:none;display:block}.i img{display:block;max-width:100%;height:auto}" +
  ".k{display:inline-flex;align-items:center;gap:8px;border:0;border-radius:8px;padding:10px 16px;background:var(--yk-primary);color:var(--yk-on-primary,#fff);font-weight:600}" +
  ".k svg{width:20px;height:20px;fill:currentColor}.k .d{width:10px;height:10px;border-radius:50%;background:#8a9099;border:2px solid #fff}.on .d{background:#17a34a}" +
  ".t{border:0;padding:0;background:none;color:var(--yk-primary);text-decoration:underline;text-underline-offset:2px}" +
  ".l{display:flex;flex-direction:column;gap:6px;min-width:220px}.l p{margin:0 0 2px;font-weight:600}.l ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}" +
  ".o{display:flex;justify-content:space-between;align-items:center;gap:12px;width:100%;padding:8px 12px;border:1px solid #c9d1d9;border-radius:8px;background:#fff;color:#1f2328;text-align:left}" +
  ".o:hover{border-color:var(--yk-primary)}.s{display:inline-flex;align-items:center;gap:6px;font-size:13px;color:#57606a;flex:none}" +
  ".s i{width:8px;height:8px;border-radius:50%;background:#8c959f}.on .s{color:#1a7f37}.on .s i{background:#1a7f37}" +
  ".b{position:absolute;top:-6px;right:-6px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#d92d20;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center}.b:empty{display:none}";
