import { describe, expect, it } from "bun:test";
import { GlobalRegistrator } from "@happy-dom/global-registrator";
import { afterAll, beforeAll } from "bun:test";

/** The transcript's templates drawn into a DOM: visitor text stays text, only safe links link. */
beforeAll(() => GlobalRegistrator.register({ url: "https://yingke.example/console" }));
afterAll(() => GlobalRegistrator.unregister());

describe("transcript rendering", () => {
  it("draws markup as text and links only http, https and mailto, with noopener", async () => {
    const { render } = await import("lit");
    const { messageItem } = await import("./transcript.ts");
    const el = document.createElement("ol");
    const body = `<img src=x onerror=alert(1)> see https://example.com/x?a=1, mail mailto:a@b.cn or javascript:alert(2) and data:text/html,hi`;
    render(messageItem({ conversationId: 1, seq: 1, id: 1, cid: "c", from: "visitor", name: "", kind: "text", body, file: null, at: 0 }, "Visitor #9"), el);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector(".bubble")!.textContent).toBe(body);
    const links = [...el.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com/x?a=1", "mailto:a@b.cn"]);
    for (const a of links) expect(a.getAttribute("rel")).toContain("noopener");
    expect(el.querySelector(".meta")!.textContent).toContain("Visitor #9");
  });

  it("shows images as thumbnails linking to the download and other files as links", async () => {
    const { render } = await import("lit");
    const { messageItem } = await import("./transcript.ts");
    const el = document.createElement("ol");
    const file = (isImage: boolean) => ({ id: "f", name: isImage ? "a.png" : "b.pdf", size: 2048, mime: "x", isImage, url: "/files/f", thumbUrl: isImage ? "/files/f/thumb" : null });
    render([messageItem({ conversationId: 1, seq: 1, id: 1, from: "agent", name: "A", kind: "file", body: "a.png", file: file(true), at: 0 }, ""), messageItem({ conversationId: 1, seq: 2, id: 2, from: "visitor", name: "", kind: "file", body: "b.pdf", file: file(false), at: 0 }, "")], el);
    expect(el.querySelector("a.thumb img")!.getAttribute("src")).toBe("/files/f/thumb");
    expect(el.querySelector("a.thumb")!.getAttribute("href")).toBe("/files/f");
    expect(el.querySelector("a.file")!.textContent).toContain("b.pdf");
    expect(el.querySelectorAll("li.msg[data-seq]")).toHaveLength(2);
  });
});
