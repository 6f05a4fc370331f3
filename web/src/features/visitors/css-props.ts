import { noChange } from "lit";
import { Directive, PartType, directive, type ElementPart, type PartInfo } from "lit/directive.js";

/**
 * Sets inline style properties through CSSOM on every render, never as a `style` attribute: the
 * console's CSP (style-src 'self') blocks style attributes, and lit's styleMap writes the first
 * render as one.
 */
class CssProps extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error("cssProps belongs on an element");
  }
  render(_props: Record<string, string>) {
    return noChange;
  }
  override update(part: ElementPart, [props]: [Record<string, string>]) {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(props)) if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    return noChange;
  }
}
export const cssProps = directive(CssProps);
