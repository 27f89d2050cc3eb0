/**
 * Section heading detection and splitting. A heading is a short line whose normalized text is a known phrase
 * ("Work Experience", "## Skills", "E X P E R I E N C E", "Berufserfahrung:"); "Skills: Go, SQL" is an inline
 * heading whose content becomes a one-line section.
 */

import { foldCase } from "./fold.ts";
import type { Line } from "./lines.ts";

export type SectionKind =
  | "header"
  | "contact"
  | "summary"
  | "experience"
  | "education"
  | "skills"
  | "certifications"
  | "languages"
  | "other";

export interface Section {
  readonly kind: SectionKind;
  /** For a one-line inline section ("Languages: Go, Rust" inside Skills): the enclosing section's kind. */
  readonly parent: SectionKind | null;
  readonly lines: Line[];
}

// biome-ignore format: word list, packed for reading
const HEADINGS: Record<Exclude<SectionKind, "header">, readonly string[]> = {
  contact: [
    "联系方式", "個人情報", "연락처",
    "contact", "contact information", "contact info", "contact details", "personal information",
    "personal details", "personal data", "contacto", "datos personales", "datos de contacto", "coordonnées",
    "informations personnelles", "kontakt", "kontaktdaten", "persönliche daten", "contato", "dados pessoais",
  ],
  summary: [
    "个人简介", "自我评价", "个人总结", "自己pr", "自己紹介", "자기소개",
    "summary", "professional summary", "career summary", "executive summary", "summary of qualifications",
    "profile", "professional profile", "personal profile", "career profile", "objective", "career objective",
    "professional objective", "about", "about me", "overview", "personal statement", "perfil",
    "perfil profesional", "resumen", "resumen profesional", "sobre mí", "objetivo", "objetivo profesional",
    "profil", "profil professionnel", "à propos", "à propos de moi", "objectif", "kurzprofil", "profil",
    "über mich", "zusammenfassung", "resumo", "sobre mim", "perfil profissional",
  ],
  experience: [
    "工作经历", "工作经验", "职业经历", "工作履历", "職歴", "職務経歴", "경력", "경력사항",
    "experience", "work experience", "professional experience", "relevant experience", "employment",
    "employment history", "work history", "career history", "career", "professional background",
    "professional history", "research experience", "teaching experience", "academic experience",
    "industry experience", "relevant work experience", "work and research experience", "freelance experience",
    "internships", "internship experience", "military experience", "appointments", "academic appointments",
    "professional appointments", "experiencia", "experiencia laboral", "experiencia profesional",
    "historial laboral", "trayectoria profesional", "expérience", "expériences", "expérience professionnelle",
    "expériences professionnelles", "parcours professionnel", "berufserfahrung", "berufliche erfahrung",
    "beruflicher werdegang", "werdegang", "berufspraxis", "experiência", "experiência profissional",
    "histórico profissional",
  ],
  education: [
    "教育背景", "教育经历", "学历", "学歴", "학력",
    "education", "academic background", "academic history", "educational background", "education and training",
    "academic qualifications", "education and certifications", "education and qualifications",
    "qualifications", "education and credentials", "degrees", "formación", "formación académica", "educación",
    "estudios", "formation", "formations", "études", "parcours académique", "ausbildung", "bildung",
    "bildungsweg", "studium", "akademische ausbildung", "schulbildung", "formação", "formação acadêmica",
    "educação",
  ],
  skills: [
    "技能", "专业技能", "技能特长", "スキル", "技術スキル", "보유기술", "기술",
    "skills", "technical skills", "key skills", "core skills", "core competencies", "competencies",
    "skills summary", "skill set", "skillset", "technologies", "tech stack", "technical proficiencies",
    "areas of expertise", "expertise", "tools", "tools and technologies", "skills and tools",
    "programming languages", "skills and expertise", "habilidades", "competencias", "conocimientos",
    "aptitudes", "habilidades técnicas", "compétences", "compétences techniques", "savoir-faire", "kenntnisse",
    "fähigkeiten", "fachkenntnisse", "it-kenntnisse", "kompetenzen", "edv-kenntnisse", "competências",
    "conhecimentos",
  ],
  certifications: [
    "证书", "资格证书", "資格", "免許・資格", "자격증",
    "certifications", "certification", "certificates", "licenses and certifications",
    "certifications and licenses", "professional certifications", "licenses", "accreditations",
    "certificaciones", "certificados", "zertifikate", "zertifizierungen", "certificações",
  ],
  languages: [
    "语言", "语言能力", "語学", "言語", "어학", "언어",
    "languages", "spoken languages", "language skills", "language", "idiomas", "lenguas", "langues",
    "sprachen", "sprachkenntnisse", "línguas",
  ],
  other: [
    "projects", "personal projects", "side projects", "selected projects", "awards", "honors", "honours",
    "awards and honors", "honors and awards", "publications", "interests", "hobbies", "hobbies and interests",
    "references", "volunteer", "volunteering", "volunteer experience", "activities",
    "extracurricular activities", "achievements", "accomplishments", "key achievements", "courses",
    "coursework", "relevant coursework", "memberships", "affiliations", "professional affiliations", "patents",
    "conferences", "talks", "presentations", "additional information", "links", "portfolio", "proyectos",
    "intereses", "logros", "referencias", "voluntariado", "cursos", "projets", "centres d'intérêt", "loisirs",
    "distinctions", "projekte", "interessen", "hobbys", "ehrenamt", "referenzen", "weiterbildung", "projetos",
    "interesses", "cursos e certificações",
  ],
};

/** Normalized heading phrase → kind. Later kinds never override earlier ones ("profil" stays summary). */
const HEADING_KINDS: ReadonlyMap<string, SectionKind> = buildHeadingMap();

function buildHeadingMap(): Map<string, SectionKind> {
  const map = new Map<string, SectionKind>();
  for (const [kind, phrases] of Object.entries(HEADINGS)) {
    for (const phrase of phrases) {
      const key = headingKey(phrase);
      if (!map.has(key)) map.set(key, kind as SectionKind);
    }
  }
  return map;
}

/** Case, accents, "&"/"and", punctuation and markup are all irrelevant to what a heading means. */
function headingKey(text: string): string {
  return foldCase(text)
    .replace(/&|\+/g, " and ")
    .replace(/[^\p{L}\s'-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Words that name a section on their own when they start or end an emphasized heading ("EDUCATION & AWARDS",
 * "Skills and Interests:"). Title-case lines need an exact phrase: "Customer Experience" may be a job.
 */
const KEY_WORDS: ReadonlyMap<string, SectionKind> = new Map([
  ["experience", "experience"],
  ["employment", "experience"],
  ["education", "education"],
  ["skills", "skills"],
  ["competencies", "skills"],
  ["certifications", "certifications"],
  ["languages", "languages"],
  ["summary", "summary"],
  ["profile", "summary"],
  ["projects", "other"],
  ["awards", "other"],
  ["publications", "other"],
]);

/** The section a standalone heading line opens, or null when the line is not a heading. */
export function headingKind(text: string): SectionKind | null {
  if (text.length > 60 || /\d/.test(text)) return null;
  const stripped = text.replace(/^[\s:|•·–—-]+|[\s:：|•·–—.-]+$/g, "");
  if (stripped === "" || stripped.split(/\s+/).length > 6) return null;
  const key = headingKey(stripped);
  const exact = HEADING_KINDS.get(key);
  if (exact !== undefined) return exact;
  const emphasized =
    /[:：]\s*$/.test(text) || (/\p{Lu}/u.test(stripped) && stripped === stripped.toUpperCase());
  if (!emphasized || key.split(" ").length > 4) return null;
  const words = key.split(" ");
  return KEY_WORDS.get(words[0] ?? "") ?? KEY_WORDS.get(words.at(-1) ?? "") ?? null;
}

/** Kinds that may appear inline ("Skills: a, b"); "Experience: 5 years" is a sentence, not a section. */
const INLINE_KINDS: ReadonlySet<SectionKind> = new Set([
  "summary",
  "skills",
  "certifications",
  "languages",
  "education",
  "other",
]);
const INLINE_HEADING = /^([^:\t]{2,40}?)\s*(?::|：|\t)\s*(\S.*)$/u;

export function inlineHeading(text: string): { kind: SectionKind; rest: string } | null {
  const match = INLINE_HEADING.exec(text);
  if (!match) return null;
  const kind = headingKind(match[1] ?? "");
  if (kind === null || !INLINE_KINDS.has(kind)) return null;
  return { kind, rest: match[2] ?? "" };
}

/**
 * Splits lines into sections. Lines before the first heading form the "header" section. An inline heading makes
 * a one-line section, after which the enclosing section continues.
 */
export function splitSections(lines: readonly Line[]): Section[] {
  const sections: Section[] = [{ kind: "header", parent: null, lines: [] }];
  let enclosing: SectionKind = "header";
  for (const line of lines) {
    if (!line.bullet) {
      const kind = headingKind(line.text);
      if (kind !== null) {
        sections.push({ kind, parent: null, lines: [] });
        enclosing = kind;
        continue;
      }
      const inline = inlineHeading(line.text);
      if (inline !== null) {
        sections.push({ kind: inline.kind, parent: enclosing, lines: [{ ...line, text: inline.rest }] });
        sections.push({ kind: enclosing, parent: null, lines: [] });
        continue;
      }
    }
    sections.at(-1)?.lines.push(line);
  }
  return sections.filter((section) => section.lines.length > 0 || section.kind !== "header");
}
