/**
 * What a short piece of a position header is: a job title, an employer, or a place. Titles are recognized by
 * role words in English, Spanish, French, German and Portuguese; employers by legal-form and industry words,
 * acronyms and "&"; places by places.ts. Anything else is "unknown" and filled in by position (experience.ts).
 */
import { foldCase, foldedWords } from "./fold.ts";
import { isPlace } from "./places.ts";

export type SegmentRole = "title" | "company" | "location" | "unknown";

// biome-ignore format: word list, packed for reading
const TITLE_WORDS = new Set(
  [
    // English
    "engineer", "developer", "programmer", "architect", "manager", "director", "lead", "leader", "head",
    "chief", "officer", "president", "vp", "founder", "co-founder", "cofounder", "owner", "consultant",
    "analyst", "scientist", "researcher", "designer", "illustrator", "writer", "editor", "administrator",
    "admin", "specialist", "coordinator", "assistant", "associate", "intern", "internship", "trainee",
    "apprentice", "technician", "supervisor", "nurse", "teacher", "professor", "lecturer", "tutor",
    "accountant", "auditor", "controller", "recruiter", "representative", "agent", "advisor", "adviser",
    "strategist", "planner", "producer", "artist", "photographer", "marketer", "copywriter", "sre", "devops",
    "cto", "ceo", "cfo", "coo", "cio", "cmo", "cpo", "qa", "tester", "operator", "clerk", "physician",
    "pharmacist", "therapist", "attorney", "lawyer", "paralegal", "counsel", "instructor", "trainer",
    "freelance", "freelancer", "contractor", "fellow", "postdoc", "student", "principal", "partner",
    "executive", "expert", "steward", "dispatcher", "mechanic", "electrician", "chef", "cook", "barista",
    "cashier", "driver",
    // Spanish
    "ingeniero", "ingeniera", "desarrollador", "desarrolladora", "programador", "programadora", "analista",
    "gerente", "jefe", "jefa", "directora", "consultor", "consultora", "disenador", "disenadora", "arquitecto",
    "arquitecta", "lider", "responsable", "coordinador", "coordinadora", "tecnico", "tecnica", "becario",
    "becaria", "practicante", "asistente", "administrador", "administradora", "especialista", "cientifico",
    "cientifica",
    // French
    "ingenieur", "ingenieure", "developpeur", "developpeuse", "cheffe", "charge", "chargee", "directeur",
    "directrice", "consultante", "stagiaire", "analyste", "architecte", "concepteur", "conceptrice",
    "technicien", "technicienne", "gestionnaire", "assistante", "alternant", "alternante",
    // Portuguese
    "engenheiro", "engenheira", "desenvolvedor", "desenvolvedora", "estagiario", "estagiaria", "coordenador",
    "coordenadora", "diretor", "diretora", "projetista", "gestor", "gestora", "assistente", "tecnologo",
    // Italian
    "ingegnere", "sviluppatore", "sviluppatrice", "programmatore", "programmatrice", "direttore", "direttrice",
    "consulente", "progettista", "tirocinante", "stagista", "impiegato", "impiegata", "coordinatore",
    "coordinatrice", "amministratore", "amministratrice", "ricercatore", "ricercatrice", "docente", "insegnante",
    "architetto", "capo", "addetto", "addetta", "infermiere", "infermiera", "responsabile", "dirigente",
    "commerciale", "contabile",
    // Dutch
    "ontwikkelaar", "programmeur", "adviseur", "beheerder", "medewerker", "medewerkster", "projectleider",
    "teamleider", "teamlead", "stagiair", "stagiaire", "docent", "onderzoeker", "ontwerper", "verpleegkundige",
    "eigenaar", "directielid", "bedrijfsleider", "analist", "marketeer", "accountant",
    // Polish
    "inżynier", "programista", "programistka", "kierownik", "kierowniczka", "dyrektor", "dyrektorka",
    "specjalista", "specjalistka", "analityk", "konsultant", "konsultantka", "stażysta", "stażystka",
    "praktykant", "praktykantka", "projektant", "projektantka", "asystent", "asystentka", "księgowa",
    "księgowy", "menedżer", "lider", "liderka", "prezes", "starszy", "starsza", "młodszy", "młodsza",
  ].map(foldCase),
);

/** German and Dutch job titles are compounds ("Softwareentwicklerin", "Projektleiter", "Webontwikkelaar"). */
const GERMAN_TITLE_STEMS =
  /entwickler|ingenieur|leiter|berater|architekt|werkstudent|praktikant|informatiker|referent|sachbearbeiter|geschäftsführer|mitarbeiter|ontwikkelaar|medewerker|adviseur|beheerder|manager|analist/iu;
/** Chinese, Japanese and Korean write titles and employer forms without spaces: matched inside words. */
const CJK_TITLE_STEMS =
  /工程师|经理|总监|主管|开发|设计师|分析师|顾问|专员|助理|实习|エンジニア|マネージャー|部長|課長|개발자|엔지니어|매니저/u;
const CJK_COMPANY_STEMS = /公司|集团|株式会社|银行|銀行|有限|회사|은행/u;

/** Legal forms and industry words that end (or start) employer names. */
// biome-ignore format: word list, packed for reading
const COMPANY_WORDS = new Set(
  [
    "inc", "incorporated", "llc", "llp", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh",
    "ag", "se", "sa", "sas", "sarl", "sl", "bv", "nv", "plc", "pty", "ltda", "spa", "srl", "kk", "kg", "oy",
    "ab", "asa", "group", "groupe", "gruppe", "grupo", "holdings", "labs", "lab", "technologies", "technology",
    "tech", "software", "systems", "solutions", "services", "consulting", "partners", "studio", "studios",
    "agency", "bank", "banco", "capital", "ventures", "media", "health", "healthcare", "hospital", "clinic",
    "center", "centre", "press", "publishing", "networks", "network", "telecom", "logistics", "properties",
    "foods", "motors", "airlines", "insurance", "pharma", "pharmaceuticals", "foundation", "association",
    "council", "ministry", "department", "government", "university", "college", "institute", "school",
    "pagamentos", "pagos", "industries", "entertainment", "games", "interactive", "energy", "electric",
    "retail", "stores", "gemeente", "stichting", "groep", "ziekenhuis", "gruppo", "banca", "comune",
    "ospedale", "grupa", "szpital", "urząd", "fundacja", "stadtwerke", "klinikum", "krankenhaus",
  ].map(foldCase),
);

/** Abbreviations that are titles, not employer acronyms. */
const TITLE_ACRONYMS = /^(?:CTO|CEO|CFO|COO|CIO|CMO|CPO|VP|SVP|EVP|SRE|QA|PM|UX|UI|HR|IT)$/;
/** "BBVA", "SAP", "IBM": a lone all-caps token is usually an employer. */
const ACRONYM = /^[\p{Lu}\d&]{2,6}$/u;
const DOMAIN_NAME = /^[\p{L}\d-]+\.(?:com|io|ai|co|dev|app|net|org)$/iu;

export function hasTitleWord(text: string): boolean {
  return (
    foldedWords(text).some((word) => TITLE_WORDS.has(word)) ||
    GERMAN_TITLE_STEMS.test(text) ||
    CJK_TITLE_STEMS.test(text)
  );
}

function companyWordAt(words: readonly string[], position: "last" | "any"): boolean {
  if (position === "last") return COMPANY_WORDS.has(words.at(-1) ?? "");
  return words.some((word) => COMPANY_WORDS.has(word));
}

/** "BBVA", "LMU Munich", "DHL Supply Chain": an employer acronym alone or leading the name. */
function startsWithAcronym(text: string): boolean {
  const first = text.split(/\s+/)[0] ?? "";
  return ACRONYM.test(first) && !TITLE_ACRONYMS.test(first);
}

/** Dotted legal forms that word splitting breaks up: "S.p.A.", "S.r.l.", "B.V.", "Sp. z o.o.", "Lda.". */
const DOTTED_LEGAL_FORM = /(?:^|\s)(?:S\.p\.A|S\.r\.l|S\.A|S\.L|B\.V|N\.V|Sp\. z o\.o|Lda|Ltda|S\.A\.S)\.?$/u;

export function looksLikeCompany(text: string): boolean {
  const trimmed = text.trim();
  if (DOTTED_LEGAL_FORM.test(trimmed)) return true;
  const words = foldedWords(trimmed);
  if (companyWordAt(words, "any") || trimmed.includes("&") || DOMAIN_NAME.test(trimmed)) return true;
  if (CJK_COMPANY_STEMS.test(trimmed)) return true;
  return startsWithAcronym(trimmed);
}

/**
 * Titles, employers and places are short: a longer piece is a sentence even when it holds a role or company word
 * ("Coördinatie van een team van acht medewerkers …", "Desarrollo de microservicios … plataforma de pagos").
 */
const MAX_HEADER_PIECE_WORDS = 8;

/** Words linking a role to its domain: "Head of Software", "Engenheira de Software", "Responsabile di Sistemi". */
const ROLE_LINKS = new Set("of de da do di del della des du van fur ds".split(" "));

/** "Engenheira de Software" is a title even though "Software" ends employer names: a role word, then "of …". */
function titleOfSomething(words: readonly string[]): boolean {
  return TITLE_WORDS.has(words[0] ?? "") && ROLE_LINKS.has(words[1] ?? "");
}

/**
 * Classifies one segment. Order matters: a place wins ("Portland, OR"), then "Role of …", then a company word
 * in last position ("EPAM Systems" even though "Systems" could start a title), then title words ("Systems
 * Administrator"), then other company cues.
 */
export function classifySegment(text: string): SegmentRole {
  if (isPlace(text)) return "location";
  const words = foldedWords(text);
  if (words.length === 0 || words.length > MAX_HEADER_PIECE_WORDS) return "unknown";
  if (titleOfSomething(words)) return "title";
  if (companyWordAt(words, "last") && words.length > 1) return "company";
  if (hasTitleWord(text)) return "title";
  return looksLikeCompany(text) ? "company" : "unknown";
}
