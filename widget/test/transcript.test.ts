import { describe, expect, it } from "bun:test";
import type { ChatMessage } from "../src/conversation.ts";
import { escapeHtml, transcriptHtml } from "../src/transcript.ts";

const msg = (over: Partial<ChatMessage>): ChatMessage => ({ key: "k", cid: null, seq: 1, from: "agent", name: "Li", kind: "text", body: "", file: null, at: Date.UTC(2025, 0, 2, 3, 4), state: "sent", ...over });

describe("transcript", () => {
  it("escapes the five HTML characters", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("escapes every piece of text: bodies, names, file names and the title", () => {
    const html = transcriptHtml({
      title: "<title>x</title>",
      lang: "en",
      you: "You",
      agent: "Agent",
      messages: [
        msg({ body: "<script>alert(1)</script>", name: '<img src=x onerror="alert(2)">' }),
        msg({ seq: 2, from: "visitor", name: null, body: "a & b </div><iframe>" }),
        msg({ seq: 3, kind: "file", file: { id: 1, name: "<svg onload=alert(3)>.png", size: 1, mime: "image/png", isImage: true, url: "/files/1", thumbUrl: null } }),
      ],
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<iframe>");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<title>x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a &amp; b &lt;/div&gt;&lt;iframe&gt;");
    expect(html).toContain("[&lt;svg onload=alert(3)&gt;.png]");
    // The only tags are the template's own.
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(["body", "div", "h1", "head", "html", "meta", "style", "time", "title"].sort());
    expect(html).toContain("Content-Security-Policy");
  });

  it("leaves out messages that were never stored", () => {
    const html = transcriptHtml({ title: "T", lang: "en", you: "You", agent: "Agent", messages: [msg({ body: "kept" }), msg({ body: "dropped", state: "failed", seq: null })] });
    expect(html).toContain("kept");
    expect(html).not.toContain("dropped");
  });
});
