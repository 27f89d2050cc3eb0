/** Case- and accent-insensitive comparison keys: "Expérience" and "EXPERIENCE" mean the same heading. */
export function foldCase(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Folded words of a text, split on anything that is not a letter or digit ("Sr./Lead" → ["sr", "lead"]). */
export function foldedWords(text: string): string[] {
  return foldCase(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}
