import { hyperlinkInstruction, targetBeside } from "./docx-links.ts";
import { decodeWindows1252 } from "./text.ts";

/**
 * Text of an RTF document (a DOCX `w:altChunk` may hold one): paragraphs and rows as lines, cells and tabs as
 * tabs, `\uN` and `\'hh` characters (code page 1252, the default of RTF writers), HYPERLINK fields' targets beside
 * their result. Destinations that are not text (font and colour tables, styles, pictures, document info, field
 * instructions, anything marked `\*`) are skipped. Enough for resumes; not a layout engine.
 */

const SKIPPED_DESTINATIONS = new Set(
  (
    "fonttbl colortbl stylesheet info pict object listtable listoverridetable rsidtbl generator themedata " +
    "colorschememapping latentstyles datastore xmlnstbl mmathPr pgdsctbl filetbl revtbl nonshppict shpinst " +
    "bkmkstart bkmkend fldinst header footer headerl headerr headerf footerl footerr footerf"
  ).split(" "),
);

const CHARACTER_WORDS: Record<string, string> = {
  par: "\n",
  line: "\n",
  sect: "\n",
  page: "\n",
  row: "\n",
  tab: "\t",
  cell: "\t",
  emdash: "—",
  endash: "–",
  bullet: "•",
  lquote: "‘",
  rquote: "’",
  ldblquote: "“",
  rdblquote: "”",
};

const CONTROL_SYMBOLS: Record<string, string> = { "~": " ", _: "-", "-": "", "\\": "\\", "{": "{", "}": "}" };

interface Group {
  skip: boolean;
  /** Characters to skip after a `\uN` (its ANSI fallback), set by `\ucN`; default 1. */
  unicodeSkip: number;
  /** Collects a field instruction instead of skipping it. */
  instruction: boolean;
  /** Set on a `\fldrslt` group: where its text starts and the field's target. */
  result: { start: number; target: string | null } | null;
}

const TOKEN =
  /\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|[\r\n]+|[^\\{}\r\n]+/g;

class RtfText {
  readonly parts: string[] = [];
  private stack: Group[] = [];
  private group: Group = { skip: false, unicodeSkip: 1, instruction: false, result: null };
  private pendingSkip = 0;
  private fieldInstruction = "";

  open(): void {
    this.stack.push(this.group);
    this.group = { ...this.group, result: null };
  }

  close(): void {
    const { result } = this.group;
    if (result?.target) this.parts.push(targetBeside(this.parts.slice(result.start).join(""), result.target));
    this.group = this.stack.pop() ?? this.group;
  }

  word(name: string, parameter: number | null, firstInGroup: boolean): void {
    if (firstInGroup && name === "fldinst") {
      this.group.instruction = true;
      this.fieldInstruction = "";
    } else if (firstInGroup && name === "fldrslt") {
      const target = hyperlinkInstruction(this.fieldInstruction);
      this.group.result = { start: this.parts.length, target };
    } else if (SKIPPED_DESTINATIONS.has(name) && firstInGroup) this.group.skip = true;
    else if (name === "uc" && parameter !== null) this.group.unicodeSkip = parameter;
    else if (name === "u" && parameter !== null) {
      this.text(String.fromCharCode(parameter < 0 ? parameter + 65536 : parameter));
      this.pendingSkip = this.group.unicodeSkip;
      return;
    } else if (CHARACTER_WORDS[name] !== undefined) this.text(CHARACTER_WORDS[name]);
    this.pendingSkip = 0;
  }

  skipDestination(): void {
    if (!this.group.instruction) this.group.skip = true;
  }

  /** Text, minus the ANSI fallback characters that follow a `\uN`. */
  text(value: string, fallbackCharacters = false): void {
    let text = value;
    if (fallbackCharacters && this.pendingSkip > 0) {
      const skipped = Math.min(this.pendingSkip, text.length);
      text = text.slice(skipped);
      this.pendingSkip -= skipped;
    }
    if (this.group.instruction) this.fieldInstruction += text;
    else if (!this.group.skip) this.parts.push(text);
  }
}

export function rtfToText(bytes: Uint8Array): string {
  const source = Buffer.from(bytes).toString("latin1");
  const out = new RtfText();
  let firstInGroup = false;
  for (const match of source.matchAll(TOKEN)) {
    const [token, word, parameter, hex, symbol, brace] = match;
    const wasFirst = firstInGroup;
    firstInGroup = brace === "{";
    if (brace === "{") out.open();
    else if (brace === "}") out.close();
    else if (word !== undefined) out.word(word, parameter === undefined ? null : Number(parameter), wasFirst);
    else if (hex !== undefined) out.text(decodeWindows1252(Uint8Array.of(Number.parseInt(hex, 16))), true);
    else if (symbol === "*") {
      out.skipDestination();
      firstInGroup = true;
    } else if (symbol !== undefined) out.text(CONTROL_SYMBOLS[symbol] ?? "", true);
    else if (!/^[\r\n]+$/.test(token)) out.text(token, true);
  }
  return out.parts
    .join("")
    .replace(/[ \t]*\n[ \t]*/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
