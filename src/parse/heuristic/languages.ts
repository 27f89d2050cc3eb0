/**
 * Spoken-language names. Only names on this list count as languages: a Languages section in a two-column PDF
 * also catches footers, names and levels, and "Languages: Go, Rust" in a Skills section means programming
 * languages. Names are kept as written ("Español", "Deutsch"); levels ("(native)", "– fluent", "C1") are dropped.
 */
import { foldCase } from "./fold.ts";

// biome-ignore format: word list, packed for reading
const LANGUAGE_NAMES = new Set(
  [
    // English names
    "english", "spanish", "french", "german", "portuguese", "italian", "dutch", "flemish", "russian",
    "ukrainian", "belarusian", "polish", "czech", "slovak", "hungarian", "romanian", "bulgarian", "serbian",
    "croatian", "bosnian", "slovenian", "macedonian", "albanian", "greek", "turkish", "arabic", "hebrew",
    "persian", "farsi", "dari", "pashto", "kurdish", "urdu", "hindi", "bengali", "bangla", "punjabi", "tamil",
    "telugu", "marathi", "gujarati", "kannada", "malayalam", "nepali", "sinhala", "chinese", "mandarin",
    "cantonese", "japanese", "korean", "vietnamese", "thai", "indonesian", "malay", "tagalog", "filipino",
    "swahili", "amharic", "yoruba", "igbo", "hausa", "zulu", "xhosa", "afrikaans", "somali", "swedish",
    "norwegian", "danish", "finnish", "icelandic", "estonian", "latvian", "lithuanian", "catalan", "basque",
    "galician", "irish", "gaelic", "welsh", "georgian", "armenian", "azerbaijani", "kazakh", "uzbek",
    "mongolian", "khmer", "lao", "burmese", "latin", "esperanto", "luxembourgish", "maltese", "creole", "asl",
    "mandarin chinese", "brazilian portuguese", "american sign language", "british sign language",
    "sign language", "haitian creole", "swiss german",
    // Spanish
    "español", "castellano", "inglés", "francés", "alemán", "portugués", "italiano", "chino", "japonés",
    "ruso", "árabe", "catalán", "euskera", "gallego", "neerlandés", "holandés", "coreano", "valenciano",
    // French
    "français", "anglais", "espagnol", "allemand", "portugais", "italien", "chinois", "japonais", "russe",
    "arabe", "néerlandais", "coréen", "breton", "polonais",
    // German
    "deutsch", "englisch", "französisch", "spanisch", "portugiesisch", "italienisch", "chinesisch",
    "japanisch", "russisch", "arabisch", "niederländisch", "türkisch", "polnisch", "koreanisch", "schwedisch",
    // Portuguese
    "português", "inglês", "espanhol", "francês", "alemão", "chinês", "japonês", "russo",
    "neerlandês", "holandês", "polaco",
    // Italian
    "inglese", "francese", "tedesco", "spagnolo", "portoghese", "cinese", "giapponese", "arabo", "olandese",
    "polacco", "rumeno", "greco",
    // Dutch
    "engels", "duits", "frans", "spaans", "italiaans", "portugees", "pools", "turks", "chinees", "japans",
    "arabisch", "russisch", "fries",
    // Polish
    "angielski", "niemiecki", "francuski", "hiszpański", "włoski", "portugalski", "rosyjski", "ukraiński",
    "czeski", "niderlandzki", "chiński", "japoński", "szwedzki",
    // Native names
    "日本語", "中文", "普通话", "한국어", "русский", "українська", "ελληνικά", "العربية", "עברית", "हिन्दी", "türkçe",
    "polski", "nederlands", "svenska", "norsk", "dansk", "suomi", "čeština", "magyar", "română",
  ].map(foldCase),
);

/** What follows a language name before its level: "Spanish – Native", "Deutsch (Muttersprache)", "FR: C1". */
const LEVEL_START = /\s*(?:[([:–—|/,]|\s-\s|-\s).*$/u;

/**
 * The spoken language named by a list item, as written, or null. "English (native)" → "English",
 * "Native English speaker" → "English", "Python" → null.
 */
export function spokenLanguage(item: string): string | null {
  const head = item.replace(LEVEL_START, "").trim();
  if (LANGUAGE_NAMES.has(foldCase(head))) return head;
  const words = item.split(/[^\p{L}\p{M}]+/u).filter((word) => word !== "");
  for (let i = 0; i < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1] ?? ""}`.trim();
    if (i + 1 < words.length && LANGUAGE_NAMES.has(foldCase(pair))) return pair;
    const word = words[i] ?? "";
    if (LANGUAGE_NAMES.has(foldCase(word))) return word;
  }
  return null;
}
