/**
 * Profile and portfolio URLs. Links are kept as written (no "https://" added: the resume is the record, and
 * consumers can normalize), minus trailing punctuation, and de-duplicated on host + path without scheme,
 * "www." or trailing slash — the first spelling wins. Email addresses are never links, so the email's domain
 * is never reported as a site; a bare domain of a free-mail provider ("gmail.com") is dropped too.
 */
import type { Line } from "./lines.ts";

/** Hosts that are profile sites: a bare "github.com/jane" anywhere in the text is a link. */
const PROFILE_HOST =
  /^(?:[a-z0-9-]+\.)*(?:linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|behance\.net|dribbble\.com|medium\.com|stackoverflow\.com|twitter\.com|x\.com|kaggle\.com|orcid\.org|scholar\.google\.com|huggingface\.co|codepen\.io|dev\.to|substack\.com|youtube\.com|instagram\.com|npmjs\.com|leetcode\.com|hackerrank\.com|wellfound\.com|angel\.co|researchgate\.net|artstation\.com|vimeo\.com|notion\.site|about\.me)(?:\/|$)/i;

const WITH_SCHEME = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const WITH_WWW = /^www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/\S*)?$/i;
/** Bare personal domains ("janedoe.dev") count only in the contact area: elsewhere "Node.js" or "ASP.NET" lurk. */
const BARE_DOMAIN =
  /^[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,3}\.(?:com|dev|io|me|org|net|co|ai|app|xyz|tech|site|page|blog|design|art|studio|codes|online|se|de|fr|es|uk|eu|pt|br|jp|gr|ru|nl|it|ca|au|ch|at|pl|us|ie|no|dk|fi)(?:\/\S*)?$/;
const FREE_MAIL =
  /^(?:gmail|googlemail|outlook|hotmail|yahoo|icloud|proton|protonmail|aol|gmx|web|mail|yandex)\./i;
/** Lines like "Website: …", "Links: …" are contact lines wherever they sit. */
const LINK_LABEL =
  /^(?:links?|website|web|site|portfolio|homepage|blog|linkedin|github|gitlab|twitter|x)\s*[:\t]/i;

/** Tokens are whitespace- or separator-delimited and at most this long (URL length limits in practice). */
const MAX_URL_CHARS = 300;

export function findLinks(allLines: readonly Line[], contactLines: ReadonlySet<Line>): string[] {
  const links: string[] = [];
  const seen = new Set<string>();
  for (const line of allLines) {
    if (!/[./]/.test(line.text)) continue;
    const bareAllowed = contactLines.has(line) || LINK_LABEL.test(line.text);
    for (const token of line.text.split(/[\s|,;<>"]+|·|•/)) {
      const link = asLink(token, bareAllowed);
      if (link === null) continue;
      const key = linkKey(link);
      if (seen.has(key)) continue;
      seen.add(key);
      links.push(link);
    }
  }
  return links;
}

function asLink(token: string, bareAllowed: boolean): string | null {
  if (token.length < 4 || token.length > MAX_URL_CHARS) return null;
  const text = token.replace(/^[(<[{'"‘“]+/, "").replace(/[.,;:!?)\]}>'"’”]+$/, "");
  // "jane@x.com" is an email; "medium.com/@jane" is a profile (the "@" comes after a slash).
  const at = text.indexOf("@");
  if (at >= 0 && (text.indexOf("/") < 0 || text.indexOf("/") > at)) return null;
  if (WITH_SCHEME.test(text) || WITH_WWW.test(text) || PROFILE_HOST.test(text)) return text;
  if (bareAllowed && BARE_DOMAIN.test(text) && !FREE_MAIL.test(text)) return text;
  return null;
}

/** "https://www.x.dev/" and "x.dev" are the same link. */
export function linkKey(link: string): string {
  return link
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/^www\./, "")
    .replace(/\/+$/, "");
}
