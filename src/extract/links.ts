/**
 * Link targets hidden behind visible text ("LinkedIn", "Email me", a portfolio icon). A recruiter clicks them, so
 * the parser must see them too: targets not already visible in the text are appended on a final "Links:" block,
 * one per line.
 */

/** Schemes worth keeping. `javascript:`, `file:` and in-document anchors say nothing about the candidate. */
const USEFUL_LINK = /^(https?:\/\/|mailto:|tel:|www\.)/i;

export const LINKS_HEADING = "Links:";

/**
 * The part of a URL a reader would recognise in the text: no scheme, no "www.", no query or fragment (tracking
 * parameters, "?subject=" on mailto), no trailing slash, lower case.
 */
function visibleForm(url: string): string {
  return url
    .replace(/^(https?:\/\/|mailto:|tel:)/i, "")
    .replace(/^www\./i, "")
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/** A phone number's digits, so "tel:+15550101234" matches "+1 (555) 010-1234" in the text. */
function digits(value: string): string {
  return value.replace(/\D/g, "");
}

function alreadyVisible(url: string, lowerText: string, textDigits: string): boolean {
  if (/^tel:/i.test(url)) {
    const number = digits(url);
    return number.length > 0 && textDigits.includes(number);
  }
  const form = visibleForm(url);
  return form.length > 0 && lowerText.includes(form);
}

/** Keeps useful targets and drops duplicates, first occurrence first. */
export function usefulLinks(urls: Iterable<string>): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of urls) {
    const url = raw.trim();
    if (!USEFUL_LINK.test(url)) continue;
    const key = visibleForm(url);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(url);
  }
  return result;
}

/** Appends the targets the text does not already show. Returns the text unchanged when there are none. */
export function appendMissingLinks(text: string, urls: Iterable<string>): string {
  const lowerText = text.toLowerCase();
  const textDigits = digits(text);
  const missing = usefulLinks(urls).filter((url) => !alreadyVisible(url, lowerText, textDigits));
  if (missing.length === 0) return text;
  return `${text}\n\n${LINKS_HEADING}\n${missing.join("\n")}`;
}

/** True when `text` already shows the target (a URL without scheme, an e-mail address, a phone's digits). */
export function isShownIn(text: string, url: string): boolean {
  return alreadyVisible(url.trim(), text.toLowerCase(), digits(text));
}
