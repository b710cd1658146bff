/**
 * A strict XML well-formedness check for the SVG the CLI writes: one root element, every tag
 * closed in order, attributes quoted and unique, text free of raw `<` and of `&` outside the five
 * predefined entities. Returns the elements in document order with their attributes and text.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own text content (not its children's), entities decoded. */
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos);/g;
const DECODE: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function checkText(text: string, where: string): string {
  if (text.includes("<")) throw new Error(`${where}: raw "<" in text`);
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`${where}: bare "&" in text`);
  return text.replace(ENTITY, (_, e: string) => DECODE[e]);
}

/** Parses `xml`, throwing on the first well-formedness error. */
export function parseXml(xml: string): XmlElement[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>/y;
  const attr = /\s+([\w.:-]+)="([^"<]*)"/g;
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  let roots = 0;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf("<", i);
    const text = body.slice(i, lt === -1 ? body.length : lt);
    if (text.trim() !== "") {
      if (open.length === 0) throw new Error(`text outside the root element: "${text.trim()}"`);
      open[open.length - 1].text += checkText(text, `<${open[open.length - 1].name}>`);
    }
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (m === null) throw new Error(`malformed tag at offset ${lt}: ${body.slice(lt, lt + 40)}`);
    const [whole, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const top = open.pop();
      if (top?.name !== name) throw new Error(`</${name}> closes <${top?.name ?? "nothing"}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of attrs.matchAll(attr)) {
        if (key in attributes) throw new Error(`<${name}>: attribute "${key}" twice`);
        attributes[key] = checkText(value, `<${name} ${key}>`);
      }
      if (open.length === 0 && ++roots > 1) throw new Error(`second root element <${name}>`);
      const element: XmlElement = { name, attributes, text: "" };
      elements.push(element);
      if (!selfClosing) open.push(element);
    }
    i = lt + whole.length;
  }
  if (open.length > 0) throw new Error(`<${open[open.length - 1].name}> is never closed`);
  if (roots !== 1) throw new Error("no root element");
  return elements;
}
