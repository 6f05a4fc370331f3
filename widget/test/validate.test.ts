import { describe, expect, it } from "bun:test";
import { leaveForm } from "../src/leave-form.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { validateLeave, validateProfile } from "../src/validate.ts";
import { useDom } from "./dom-env.ts";

useDom();

const base = { name: "", phone: "", email: "", content: "" };

describe("leave-message validation", () => {
  it("requires content and one of phone or email", () => {
    expect(validateLeave(base)).toEqual({ content: "required", phone: "contactRequired", email: "contactRequired" });
    expect(validateLeave({ ...base, content: "   " }).content).toBe("required");
    expect(validateLeave({ ...base, content: "Call me", phone: "+86 138 0013 8000" })).toEqual({});
    expect(validateLeave({ ...base, content: "Mail me", email: "wang@example.cn" })).toEqual({});
  });

  it("checks the form of what is given", () => {
    expect(validateLeave({ ...base, content: "x", email: "not-an-email" })).toEqual({ email: "badEmail" });
    expect(validateLeave({ ...base, content: "x", phone: "abc" })).toEqual({ phone: "badPhone" });
    expect(validateLeave({ ...base, content: "x", phone: "12" })).toEqual({ phone: "badPhone" });
    expect(validateLeave({ ...base, content: "x".repeat(5001), email: "a@b.co" })).toEqual({ content: "tooLong" });
    expect(validateProfile({ ...base, email: "a@b" })).toEqual({ email: "badEmail" });
    expect(validateProfile(base)).toEqual({});
  });

  it("the form shows field messages, marks fields invalid, and submits only valid input", () => {
    const sent: unknown[] = [];
    const f = leaveForm(PANEL.en, (v) => sent.push(v));
    document.body.append(f.el);
    f.el.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(sent).toHaveLength(0);
    const content = f.el.querySelector<HTMLTextAreaElement>("textarea[name=content]")!;
    const email = f.el.querySelector<HTMLInputElement>("input[name=email]")!;
    expect(content.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(content.getAttribute("aria-describedby")!)!.textContent).toBe(PANEL.en.required);
    expect(document.getElementById(email.getAttribute("aria-describedby")!)!.textContent).toBe(PANEL.en.contactRequired);

    content.value = "Please call back";
    email.value = "wang@example.cn";
    f.el.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(sent).toEqual([{ name: "", phone: "", email: "wang@example.cn", content: "Please call back" }]);
    expect(content.getAttribute("aria-invalid")).toBe("false");

    // A server refusal naming a field is shown beside that field.
    f.serverError("email", "Please check this field.");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(email.getAttribute("aria-describedby")!)!.textContent).toBe("Please check this field.");
    f.el.remove();
  });
});
