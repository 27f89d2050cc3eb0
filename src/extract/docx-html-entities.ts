/**
 * Named character references an HTML chunk inside a DOCX may use: the Latin-1 set (`&nbsp;` … `&yuml;`, code
 * points 160–255 in order), typographic punctuation, and the HTML5 names for Central European letters (Polish,
 * Czech) that Word and builders write when the page is not UTF-8. Unknown names stay as written.
 */

const LATIN_1_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute " +
  "micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig " +
  "Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash " +
  "Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc " +
  "euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml " +
  "yacute thorn yuml";

const OTHER_NAMES: Record<string, number> = {
  quot: 0x22,
  amp: 0x26,
  apos: 0x27,
  lt: 0x3c,
  gt: 0x3e,
  OElig: 0x152,
  oelig: 0x153,
  Scaron: 0x160,
  scaron: 0x161,
  Yuml: 0x178,
  fnof: 0x192,
  circ: 0x2c6,
  tilde: 0x2dc,
  ensp: 0x2002,
  emsp: 0x2003,
  thinsp: 0x2009,
  zwnj: 0x200c,
  zwj: 0x200d,
  lrm: 0x200e,
  rlm: 0x200f,
  ndash: 0x2013,
  mdash: 0x2014,
  lsquo: 0x2018,
  rsquo: 0x2019,
  sbquo: 0x201a,
  ldquo: 0x201c,
  rdquo: 0x201d,
  bdquo: 0x201e,
  dagger: 0x2020,
  Dagger: 0x2021,
  bull: 0x2022,
  hellip: 0x2026,
  permil: 0x2030,
  prime: 0x2032,
  lsaquo: 0x2039,
  rsaquo: 0x203a,
  euro: 0x20ac,
  trade: 0x2122,
  larr: 0x2190,
  rarr: 0x2192,
  Aogon: 0x104,
  aogon: 0x105,
  Cacute: 0x106,
  cacute: 0x107,
  Ccaron: 0x10c,
  ccaron: 0x10d,
  Eogon: 0x118,
  eogon: 0x119,
  Ecaron: 0x11a,
  ecaron: 0x11b,
  Lstrok: 0x141,
  lstrok: 0x142,
  Nacute: 0x143,
  nacute: 0x144,
  Ncaron: 0x147,
  ncaron: 0x148,
  Rcaron: 0x158,
  rcaron: 0x159,
  Sacute: 0x15a,
  sacute: 0x15b,
  Uring: 0x16e,
  uring: 0x16f,
  Zacute: 0x179,
  zacute: 0x17a,
  Zdot: 0x17b,
  zdot: 0x17c,
  Zcaron: 0x17d,
  zcaron: 0x17e,
};

const NAMED = new Map<string, string>([
  ...LATIN_1_NAMES.split(" ").map((name, index) => [name, String.fromCodePoint(160 + index)] as const),
  ...Object.entries(OTHER_NAMES).map(([name, code]) => [name, String.fromCodePoint(code)] as const),
]);

/** Windows-1252 meanings of numeric references 128–159, which browsers apply (`&#150;` is "–"). */
const C1_AS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function fromCode(code: number): string | null {
  if (!Number.isFinite(code) || code > 0x10ffff) return null;
  if (code >= 0x80 && code <= 0x9f) return C1_AS_1252[code - 0x80] ?? null;
  return String.fromCodePoint(code);
}

/** Decodes `&name;`, `&#n;` and `&#xh;` (the terminating ";" is required, as in well-formed pages). */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,9});/g,
    (whole, name: string) => {
      if (name[0] !== "#") return NAMED.get(name) ?? whole;
      const hex = name[1] === "x" || name[1] === "X";
      return fromCode(hex ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))) ?? whole;
    },
  );
}
