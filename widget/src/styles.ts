/**
 * The chat panel's stylesheet, inside the widget's shadow root (nothing leaks to the page,
 * nothing from the page gets in). Colours meet WCAG AA contrast on white; every control has a
 * visible focus ring; under 600 px the panel takes the whole screen (V4).
 */
const FONT = `system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Hiragino Kaku Gothic ProN",Meiryo,"Apple SD Gothic Neo","Malgun Gothic",sans-serif`;

export const PANEL_CSS = `
.p{position:fixed;right:var(--yk-px,20px);bottom:var(--yk-py,88px);width:376px;height:min(640px,calc(100vh - var(--yk-py,88px) - 20px));display:flex;flex-direction:column;background:#fff;border-radius:16px;box-shadow:0 12px 48px rgba(15,23,42,.24),0 2px 6px rgba(15,23,42,.08);overflow:hidden;font:14px/1.5 ${FONT};color:#1f2328;text-align:left;animation:yk-in .18s ease-out;-webkit-font-smoothing:antialiased}
.p[hidden]{display:none}
:host([data-corner$=left]) .p{right:auto;left:var(--yk-px,20px)}
:host([data-corner^=top]) .p{bottom:auto;top:var(--yk-py,88px)}
@keyframes yk-in{from{opacity:0;transform:translateY(12px)}}
.p button{font:inherit}
.hd{display:flex;align-items:center;gap:2px;padding:12px 8px 12px 18px;background:var(--yk-primary);color:var(--yk-on-primary,#fff);flex:none}
.lg{width:36px;height:36px;object-fit:contain;border-radius:6px;margin-right:10px;flex:none}
.co{margin:1px 0 0;font-size:12.5px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.bnr{display:block;width:100%;max-height:120px;object-fit:cover;flex:none}
.lg[hidden],.co[hidden],.bnr[hidden],.et[hidden]{display:none}
.wn{padding:7px 16px;background:#fdecea;color:#8a1c12;font-size:13px;font-weight:600;border-bottom:1px solid #f5c6c0;white-space:pre-wrap;overflow-wrap:anywhere;flex:none}
.wn:empty{display:none}
.ht{flex:1;min-width:0}
.ht h2{margin:0;font-size:16px;font-weight:600;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:2px 0 0;font-size:12.5px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.ib{width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:inherit;display:inline-flex;align-items:center;justify-content:center;cursor:pointer;padding:0;flex:none}
.ib svg{width:20px;height:20px;fill:currentColor}
.hd .ib:hover{background:rgba(255,255,255,.16)}
.ib[hidden]{display:none}
.p :focus-visible{outline:2px solid var(--yk-primary);outline-offset:2px}
.hd :focus-visible{outline-color:var(--yk-on-primary,#fff);outline-offset:-2px}
.bn,.cb{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:8px 16px;background:#fff7e0;color:#5c4300;font-size:13px;border-bottom:1px solid #f1e2b5;flex:none}
.bn:empty,.cb:empty{display:none}
.bd{flex:1;min-height:0;display:flex;flex-direction:column;background:#f6f7f9;position:relative}
.chat{flex:1;min-height:0;display:flex;flex-direction:column}
.sc{flex:1;min-height:0;overflow-y:auto;padding:16px 14px 8px;overscroll-behavior:contain}
.sc:focus-visible{outline-offset:-2px}
.ml{list-style:none;margin:0;padding:0}
.m{display:flex;flex-direction:column;align-items:flex-start;margin-top:6px}
.m.visitor{align-items:flex-end}
.nm{font-size:12px;color:#57606a;margin:8px 0 2px 6px}
.bb{max-width:82%;padding:9px 13px;border-radius:16px;background:#fff;border:1px solid #e3e6ea;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px rgba(15,23,42,.04)}
.agent .bb{border-bottom-left-radius:5px;background:var(--yk-ab,#fff);color:var(--yk-at,#1f2328)}
.visitor .bb{background:var(--yk-vb,var(--yk-primary));color:var(--yk-vt,#fff);border-color:transparent;border-bottom-right-radius:5px}
.ha .m.agent{position:relative;padding-left:36px}
.avt{position:absolute;left:0;bottom:0;width:28px;height:28px;border-radius:50%;object-fit:cover;background:#fff}
.ha li.m.agent .avt{bottom:22px}
.yk-queue{white-space:pre-wrap}
.bb a{color:var(--yk-primary);text-decoration:underline;text-underline-offset:2px}
.visitor .bb a{color:inherit}
.visitor .bb :focus-visible{outline-color:#fff}
.bb.th{padding:4px;background:#fff;border-color:#e3e6ea}
.bb.th img{display:block;max-width:220px;max-height:220px;border-radius:12px}
.fl{display:flex;align-items:center;gap:8px;text-decoration:none!important;color:inherit!important}
.fl svg{width:24px;height:24px;fill:currentColor;flex:none;opacity:.85}
.fn{display:flex;flex-direction:column;min-width:0;word-break:break-all}
.fn small{opacity:.8;font-size:11.5px}
.prog{display:block;height:4px;margin:8px 0 4px;background:rgba(255,255,255,.35);border-radius:2px;overflow:hidden;min-width:160px}
.prog i{display:block;height:100%;background:#fff;transition:width .2s}
.visitor .lk{color:#fff}
.meta{display:flex;gap:6px;align-items:center;font-size:11.5px;color:#656d76;margin:3px 6px 0}
.failed .bb{opacity:.75}
.err{color:#b42318;font-weight:600}
.lk{background:none;border:0;padding:0;color:var(--yk-primary);text-decoration:underline;cursor:pointer;font-size:inherit}
.system{align-items:center}
.ev{font-size:12.5px;color:#57606a;background:#eceef1;border-radius:10px;padding:4px 12px;margin:6px 0;text-align:center;max-width:90%}
.ty{font-size:12.5px;color:#57606a;padding:0 18px 6px;min-height:24px;flex:none}
.cmp{position:relative;display:flex;align-items:flex-end;gap:2px;padding:8px 8px 8px 14px;border-top:1px solid #e3e6ea;background:#fff;flex:none}
.cmp:focus-within{box-shadow:inset 0 2px 0 var(--yk-primary)}
.cmp textarea:focus-visible{outline:0}
.cmp textarea{flex:1;min-width:0;resize:none;border:0;outline:0;background:transparent;font:inherit;color:inherit;line-height:1.45;padding:8px 0;max-height:120px;overflow-y:auto}
.cmp .ib{color:#57606a}
.cmp .ib:hover{background:#f0f2f4;color:#1f2328}
.cmp .send{color:var(--yk-primary)}
.emo{position:absolute;right:8px;bottom:100%;margin-bottom:6px;display:grid;grid-template-columns:repeat(8,34px);gap:2px;padding:8px;background:#fff;border:1px solid #e3e6ea;border-radius:12px;box-shadow:0 8px 28px rgba(15,23,42,.18)}
.emo[hidden]{display:none}
.emo-b{width:34px;height:34px;border:0;border-radius:8px;background:none;font-size:20px!important;line-height:1;cursor:pointer;padding:0}
.emo-b:hover,.emo-b:focus{background:#eef1f4}
.drag::after{content:attr(data-drop);position:absolute;inset:8px;display:flex;align-items:center;justify-content:center;border:2px dashed var(--yk-primary);border-radius:12px;background:rgba(255,255,255,.94);color:var(--yk-primary);font-weight:600;pointer-events:none}
.fm{flex:1;overflow-y:auto;padding:18px 18px 20px;display:flex;flex-direction:column;gap:12px}
.fm h3{margin:0;font-size:17px}
.intro{margin:0;color:#57606a}
.fd label{display:block;font-size:13px;font-weight:600;margin-bottom:4px}
.in{display:block;width:100%;border:1px solid #c9d1d9;border-radius:8px;padding:9px 11px;font:inherit;color:inherit;background:#fff}
textarea.in{resize:vertical;min-height:96px}
.in:focus{border-color:var(--yk-primary)}
.in[aria-invalid=true]{border-color:#b42318}
.fe{color:#b42318;font-size:12.5px;margin-top:4px}
.fe:empty,.ok:empty{display:none}
.ok{color:#1a7f37;font-size:13px}
.row{display:flex;gap:8px;justify-content:space-between}
.btn{display:inline-flex;align-items:center;justify-content:center;gap:6px;border:0;border-radius:8px;background:var(--yk-primary);color:var(--yk-on-primary,#fff);font-weight:600;padding:10px 16px;cursor:pointer}
.btn svg{width:18px;height:18px;fill:currentColor}
.btn.sec{background:#fff;color:var(--yk-primary);box-shadow:inset 0 0 0 1px #c9d1d9}
.btn:disabled{opacity:.6;cursor:default}
.ctr{flex:1;display:flex;flex-direction:column;justify-content:center;gap:12px;padding:28px 24px;text-align:center}
.ctr h3{margin:0;font-size:18px}
.ctr p{margin:0 0 8px;color:#57606a}
.url{flex-basis:100%;font-weight:600;overflow-wrap:anywhere}
.fs{border:0;margin:0;padding:0;min-width:0}
.fs legend{font-size:16px;font-weight:600;margin-bottom:8px;padding:0}
.lv{display:flex;flex-direction:column;gap:6px}
.lvo{display:flex;align-items:center;gap:8px}
.lvo input{width:18px;height:18px;margin:0;accent-color:var(--yk-primary)}
.lvo label{cursor:pointer}
.eo{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.eo .btn{width:100%;justify-content:space-between;text-align:left}
.eon{overflow-wrap:anywhere}
.eos{display:inline-flex;align-items:center;gap:6px;flex:none;font-weight:400;font-size:13px;color:#57606a}
.eos i{width:8px;height:8px;border-radius:50%;background:#8c959f}
.eos.on{color:#1a7f37}
.eos.on i{background:#1a7f37}
.pf{display:flex;flex-direction:column;gap:12px}
select.in{appearance:auto}
.qt{display:flex;flex-wrap:wrap;gap:6px;padding:6px 12px 0;flex:none}
.qt:empty{display:none}
.qtb{border:1px solid #c9d1d9;border-radius:999px;background:#fff;color:var(--yk-primary);font:inherit;font-size:13px;padding:4px 12px;cursor:pointer;max-width:100%;overflow-wrap:anywhere;text-align:left}
.qtb:hover,.qtb:focus{background:#eef1f4}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:600px){.p.pop,:host([data-corner]) .p.pop{left:50%;top:50%;right:auto;bottom:auto;height:auto;max-height:min(640px,calc(100vh - 40px));transform:translate(-50%,-50%);animation:none}}
@media (max-width:599px){.p,:host([data-corner]) .p{top:0;left:0;right:0;bottom:0;width:auto;height:auto;border-radius:0}.in,.cmp textarea{font-size:16px}}
@media (prefers-reduced-motion:reduce){.p{animation:none}.prog i{transition:none}}
`;
