import { describe, expect, it } from "bun:test";
import { browserSuite, openChat, sendFromWidget, storedMessages, until, visitorPage, W, widgetWorld } from "./host-page.ts";
import { C, consolePage } from "./console-page.ts";

/**
 * The console's alerts and tools that need a browser: desktop notification, the bundled sound
 * and the title flash per event (switchable), auto-away after idle minutes and back on activity,
 * and a screen region captured, cropped and sent. The page is made to look unfocused and the
 * screen share is a canvas stream, since headless Chromium has neither a desktop nor a screen.
 */
const suite = browserSuite();

async function setup(init?: () => void) {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  const agent = await consolePage(suite.browser, w.base, "alice", { init });
  suite.cleanups.push(() => agent.context.close());
  return { w, ...agent };
}

async function visitor(w: Awaited<ReturnType<typeof widgetWorld>>, text: string) {
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  await openChat(v.page);
  await sendFromWidget(v.page, text);
  return v;
}

describe("console alerts", () => {
  it("notifies a chat request and a message with desktop, sound and title, each switchable", async () => {
    const { w, page, csp, problems } = await setup(() => {
      const win = window as any;
      win.__notes = [];
      win.__sounds = [];
      document.hasFocus = () => false;
      win.Notification = class {
        static permission = "granted";
        static requestPermission = async () => "granted";
        onclick: unknown = null;
        constructor(title: string, o: { body?: string }) {
          win.__notes.push(`${title}|${o.body}`);
        }
        close() {}
      };
      HTMLMediaElement.prototype.play = function () {
        win.__sounds.push((this as HTMLMediaElement).src);
        return Promise.resolve();
      };
    });
    const notes = () => page.evaluate(() => (window as any).__notes as string[]);
    const sounds = () => page.evaluate(() => (window as any).__sounds as string[]);

    const v = await visitor(w, "hello?");
    await until(notes, (n) => n.some((x) => x.startsWith("新的对话请求|")), "a chat request notification");
    expect((await sounds())[0]).toEndWith("/console/notify.wav");
    expect(await until(() => page.title(), (x) => x.startsWith("【新消息】"), "the title flashing")).toStartWith("【新消息】");

    await page.locator(C.accept).first().click();
    await page.locator(C.visitorMsgs, { hasText: "hello?" }).waitFor();
    // Not focused: a visitor message counts as unread and notifies.
    await sendFromWidget(v.page, "second question");
    await until(notes, (n) => n.some((x) => x.includes("|second question")), "a message notification");

    // Desktop and sound off for messages: the next one only flashes the title and counts.
    await page.locator("button.settings-open").click();
    await page.locator('dialog.settings input[name="notify.message.desktop"]').uncheck();
    await page.locator('dialog.settings input[name="notify.message.sound"]').uncheck();
    await page.locator('dialog.settings button[type="submit"]').click();
    await page.locator("dialog.settings").waitFor({ state: "detached" });
    const [n, s] = [(await notes()).length, (await sounds()).length];
    await sendFromWidget(v.page, "third question");
    await page.locator(C.visitorMsgs, { hasText: "third question" }).waitFor();
    expect(await page.locator(".counter.unread b").textContent()).toBe("2");
    expect([(await notes()).length, (await sounds()).length]).toEqual([n, s]);
    // The favicon carries the unread dot.
    expect(await until(() => page.locator('link[rel="icon"]').getAttribute("href"), (h) => !!h?.startsWith("data:image/png"), "a favicon dot")).toStartWith("data:image/png");
    expect(await csp()).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it("goes away after the idle minutes and comes back on activity", async () => {
    const w = await widgetWorld();
    suite.cleanups.push(() => w.stop());
    const alice = w.t.services.agents.byUsername("alice")!;
    w.t.services.preferences.update(alice.id, { autoAwayMinutes: 2 });
    const { page, context } = await consolePage(suite.browser, w.base, "alice", { clock: true });
    suite.cleanups.push(() => context.close());
    expect(await page.locator("select.status-select").inputValue()).toBe("online");
    await page.clock.fastForward("01:00");
    expect(alice && w.t.services.agents.get(alice.id)!.service_status).toBe("online");
    await page.clock.fastForward("01:30");
    expect(await until(() => w.t.services.agents.get(alice.id)!.service_status, (s) => s === "away", "away after 2 idle minutes")).toBe("away");
    await page.locator("select.status-select option[value=away]", { hasText: "自动" }).waitFor({ state: "attached" });
    await page.mouse.move(200, 200);
    await page.mouse.move(220, 240);
    expect(await until(() => w.t.services.agents.get(alice.id)!.service_status, (s) => s === "online", "back online")).toBe("online");
  }, 90_000);

  it("captures a screen region, crops it to the dragged rectangle and sends it as a PNG", async () => {
    const { w, page } = await setup(() => {
      // The "screen": a 400×300 canvas stream, as getDisplayMedia would hand over.
      navigator.mediaDevices.getDisplayMedia = async () => {
        const c = document.createElement("canvas");
        c.width = 400;
        c.height = 300;
        const g = c.getContext("2d")!;
        g.fillStyle = "#2a7";
        g.fillRect(0, 0, 400, 300);
        const stream = c.captureStream(10);
        const paint = () => {
          g.fillRect(0, 0, 1, 1);
          if (stream.active) requestAnimationFrame(paint);
        };
        paint();
        return stream;
      };
    });
    await visitor(w, "show me");
    await page.locator(C.accept).first().click();
    await page.locator(C.visitorMsgs, { hasText: "show me" }).waitFor();
    await page.locator("yk-chat-view button.capture-btn").click();
    const canvas = page.locator("yk-capture canvas.capture");
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    const scale = box.width / 400;
    await page.mouse.move(box.x + 100 * scale, box.y + 50 * scale);
    await page.mouse.down();
    await page.mouse.move(box.x + 200 * scale, box.y + 100 * scale, { steps: 5 });
    await page.mouse.move(box.x + 300 * scale, box.y + 150 * scale, { steps: 5 });
    await page.mouse.up();
    await page.locator("yk-capture .btn.primary").click();
    await page.locator("yk-chat-view .paste-preview img").waitFor();
    await page.locator("yk-chat-view button.send-image").click();
    await page.locator(`${C.agentMsgs}.sent a.thumb img`).waitFor();

    const conversationId = Number(await page.locator(`${C.tabs}[aria-selected="true"]`).getAttribute("data-id"));
    const fileId = (w.t.db.query("SELECT file_id FROM messages WHERE conversation_id = ? AND kind = 'file'").get(conversationId) as { file_id: string }).file_id;
    const size = await page.evaluate(async (id) => {
      const bmp = await createImageBitmap(await (await fetch(`/files/${id}`)).blob());
      return [bmp.width, bmp.height];
    }, fileId);
    // 200×100 on the 400×300 screen, give or take a pixel of pointer rounding.
    expect(Math.abs(size[0] - 200)).toBeLessThanOrEqual(3);
    expect(Math.abs(size[1] - 100)).toBeLessThanOrEqual(3);
    expect(storedMessages(w.t, conversationId).at(-1)!.body).toMatch(/^screenshot-.*\.png$/);
  }, 90_000);
});
