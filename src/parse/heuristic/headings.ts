/**
 * Section heading phrases, by the kind of section they open, in English, Spanish, French, German, Portuguese,
 * Italian, Dutch and Polish (plus the CJK headings of the design set). Matched whole after case, accents and
 * punctuation are folded (sections.ts), so each phrase is written once, as a reader would write it.
 */
import { foldCase } from "./fold.ts";

/** What a section holds. "references" holds other people (referees): nothing in it is the candidate's. */
export type SectionKind =
  | "header"
  | "contact"
  | "summary"
  | "experience"
  | "education"
  | "skills"
  | "certifications"
  | "languages"
  | "references"
  | "other";

// biome-ignore format: word list, packed for reading
export const HEADINGS: Record<Exclude<SectionKind, "header">, readonly string[]> = {
  contact: [
    "联系方式", "個人情報", "연락처",
    "contact", "contact information", "contact info", "contact details", "personal information",
    "personal details", "personal data", "contacto", "contactos", "datos personales", "datos de contacto",
    "coordonnées", "informations personnelles", "kontakt", "kontaktdaten", "persönliche daten",
    "persönliche angaben", "angaben zur person", "contato", "dados pessoais", "informações pessoais",
    "dati personali", "informazioni personali", "contatti", "recapiti", "persoonlijke gegevens", "personalia",
    "contactgegevens", "dane osobowe", "dane kontaktowe",
  ],
  summary: [
    "个人简介", "自我评价", "个人总结", "自己pr", "自己紹介", "자기소개",
    "summary", "professional summary", "career summary", "executive summary", "summary of qualifications",
    "profile", "professional profile", "personal profile", "career profile", "objective", "career objective",
    "professional objective", "about", "about me", "overview", "personal statement", "perfil",
    "perfil profesional", "resumen", "resumen profesional", "sobre mí", "acerca de mí", "objetivo",
    "objetivo profesional", "profil", "profil professionnel", "à propos", "à propos de moi", "objectif",
    "objectif professionnel", "présentation", "kurzprofil", "über mich", "zusammenfassung",
    "berufliches profil", "persönliches profil", "resumo", "resumo profissional", "sobre mim",
    "perfil profissional", "perfil pessoal", "profilo", "profilo professionale", "profilo personale",
    "chi sono", "su di me", "sommario", "obiettivo", "obiettivo professionale", "profiel", "persoonlijk profiel",
    "over mij", "samenvatting", "o mnie", "profil zawodowy", "podsumowanie", "podsumowanie zawodowe",
    "cel zawodowy",
  ],
  experience: [
    "工作经历", "工作经验", "职业经历", "工作履历", "職歴", "職務経歴", "경력", "경력사항",
    "experience", "work experience", "professional experience", "relevant experience", "employment",
    "employment history", "work history", "career history", "career", "professional background",
    "professional history", "research experience", "teaching experience", "academic experience",
    "industry experience", "relevant work experience", "work and research experience", "freelance experience",
    "internships", "internship experience", "military experience", "appointments", "academic appointments",
    "professional appointments", "experiencia", "experiencia laboral", "experiencia profesional",
    "historial laboral", "historial profesional", "trayectoria profesional", "prácticas", "expérience",
    "expériences", "expérience professionnelle", "expériences professionnelles", "parcours professionnel",
    "emplois", "stages", "berufserfahrung", "berufserfahrungen", "berufliche erfahrung", "beruflicher werdegang",
    "berufliche laufbahn", "berufliche stationen", "werdegang", "berufspraxis", "praktika", "arbeitserfahrung",
    "praktische erfahrung", "experiência", "experiências", "experiência profissional",
    "experiências profissionais", "histórico profissional", "percurso profissional", "trajetória profissional",
    "estágios", "esperienza", "esperienze", "esperienza professionale", "esperienze professionali",
    "esperienza lavorativa", "esperienze lavorative", "percorso professionale", "tirocini", "werkervaring",
    "werkervaringen", "ervaring", "professionele ervaring", "relevante werkervaring", "loopbaan",
    "arbeidsverleden", "doświadczenie", "doświadczenie zawodowe", "historia zatrudnienia", "przebieg kariery",
    "przebieg pracy zawodowej", "praktyki", "staże",
  ],
  education: [
    "教育背景", "教育经历", "学历", "学歴", "학력",
    "education", "academic background", "academic history", "educational background", "education and training",
    "academic qualifications", "education and certifications", "education and qualifications",
    "qualifications", "education and credentials", "degrees", "formación", "formación académica", "educación",
    "estudios", "estudios académicos", "titulación", "formation", "formations", "formation académique",
    "études", "diplômes", "cursus", "parcours académique", "ausbildung", "bildung", "bildungsweg", "studium",
    "akademische ausbildung", "akademischer werdegang", "schulbildung", "schulische ausbildung",
    "ausbildung und studium", "studium und ausbildung", "hochschulbildung", "formação", "formação acadêmica",
    "formação académica", "educação", "escolaridade", "habilitações", "habilitações académicas",
    "habilitações literárias", "istruzione", "formazione", "istruzione e formazione", "titoli di studio",
    "percorso formativo", "percorso di studi", "studi", "opleiding", "opleidingen", "onderwijs", "scholing",
    "wykształcenie", "edukacja",
  ],
  skills: [
    "技能", "专业技能", "技能特长", "スキル", "技術スキル", "보유기술", "기술",
    "skills", "technical skills", "key skills", "core skills", "core competencies", "competencies",
    "skills summary", "skill set", "skillset", "technologies", "tech stack", "technical proficiencies",
    "areas of expertise", "expertise", "tools", "tools and technologies", "skills and tools",
    "programming languages", "skills and expertise", "habilidades", "competencias", "conocimientos",
    "conocimientos técnicos", "conocimientos informáticos", "herramientas", "aptitudes",
    "habilidades técnicas", "compétences", "compétences techniques", "compétences clés",
    "compétences informatiques", "connaissances", "outils", "savoir-faire", "kenntnisse", "fähigkeiten",
    "fachkenntnisse", "it-kenntnisse", "kompetenzen", "edv-kenntnisse", "fachliche kompetenzen",
    "technische kenntnisse", "kenntnisse und fähigkeiten", "fähigkeiten und kenntnisse", "qualifikationen",
    "competências", "competências técnicas", "conhecimentos", "conhecimentos técnicos", "ferramentas",
    "competenze", "competenze tecniche", "competenze informatiche", "competenze digitali", "conoscenze",
    "abilità", "capacità e competenze", "strumenti", "vaardigheden", "technische vaardigheden",
    "ict-vaardigheden", "computervaardigheden", "kennis en vaardigheden", "competenties", "kennis",
    "umiejętności", "umiejętności techniczne", "kompetencje", "technologie", "narzędzia",
  ],
  certifications: [
    "证书", "资格证书", "資格", "免許・資格", "자격증",
    "certifications", "certification", "certificates", "licenses and certifications",
    "certifications and licenses", "professional certifications", "licenses", "accreditations",
    "certificaciones", "certificados", "certificats", "zertifikate", "zertifizierungen", "certificações",
    "certificazioni", "certificati", "attestati", "certificaten", "certificeringen", "certificaties",
    "certyfikaty", "certyfikaty i szkolenia", "uprawnienia",
  ],
  languages: [
    "语言", "语言能力", "語学", "言語", "어학", "언어",
    "languages", "spoken languages", "language skills", "language", "idiomas", "lenguas", "lenguas extranjeras",
    "langues", "langues étrangères", "compétences linguistiques", "sprachen", "sprachkenntnisse",
    "fremdsprachen", "fremdsprachenkenntnisse", "línguas", "línguas estrangeiras", "lingue", "lingue straniere",
    "conoscenze linguistiche", "competenze linguistiche", "talen", "talenkennis", "taalvaardigheid", "języki",
    "języki obce", "znajomość języków", "znajomość języków obcych",
  ],
  references: [
    "references", "referees", "reference", "professional references", "character references", "referenzen",
    "références", "referencias", "referencias profesionales", "referências", "referências profissionais",
    "referenze", "referenze professionali", "referenties", "referencje", "referencje zawodowe",
  ],
  other: [
    "projects", "personal projects", "side projects", "selected projects", "awards", "honors", "honours",
    "awards and honors", "honors and awards", "publications", "interests", "hobbies", "hobbies and interests",
    "volunteer", "volunteering", "volunteer experience", "activities", "extracurricular activities",
    "achievements", "accomplishments", "key achievements", "courses", "coursework", "relevant coursework",
    "memberships", "affiliations", "professional affiliations", "patents", "conferences", "talks",
    "presentations", "additional information", "links", "portfolio", "proyectos", "intereses", "aficiones",
    "logros", "premios", "publicaciones", "voluntariado", "cursos", "información adicional", "otros", "projets",
    "centres d'intérêt", "centres d'intérêts", "loisirs", "distinctions", "bénévolat", "publications",
    "informations complémentaires", "divers", "projekte", "interessen", "hobbys", "ehrenamt",
    "ehrenamtliches engagement", "auszeichnungen", "publikationen", "veröffentlichungen", "weiterbildung",
    "fortbildungen", "kurse", "sonstiges", "weitere informationen", "projetos", "interesses", "prémios",
    "publicações", "informações adicionais", "cursos e certificações", "progetti", "interessi", "hobby",
    "tempo libero", "volontariato", "premi", "pubblicazioni", "corsi", "altre informazioni", "projecten",
    "hobby's", "interesses", "vrijwilligerswerk", "prijzen", "publicaties", "cursussen", "overige",
    "aanvullende informatie", "projekty", "zainteresowania", "wolontariat", "nagrody", "osiągnięcia",
    "publikacje", "kursy", "szkolenia", "dodatkowe informacje", "inne informacje", "otros datos",
    "datos adicionales", "outros dados", "autres informations", "informations diverses", "sonstige angaben",
    "overige informatie", "overige gegevens", "altri dati", "additional details", "other information",
  ],
};

/**
 * Words that name a section on their own when they start or end an emphasized heading ("EDUCATION & AWARDS",
 * "BERUFSERFAHRUNG UND PROJEKTE"). Title-case lines need an exact phrase: "Customer Experience" may be a job.
 * Keys are folded like headings (lower case, no accents).
 */
export const KEY_WORDS: ReadonlyMap<string, SectionKind> = new Map(
  (
    [
      ["experience", "experience"],
      ["employment", "experience"],
      ["berufserfahrung", "experience"],
      ["experiencia", "experience"],
      ["esperienza", "experience"],
      ["werkervaring", "experience"],
      ["education", "education"],
      ["ausbildung", "education"],
      ["formation", "education"],
      ["istruzione", "education"],
      ["opleiding", "education"],
      ["wykształcenie", "education"],
      ["skills", "skills"],
      ["competencies", "skills"],
      ["kenntnisse", "skills"],
      ["compétences", "skills"],
      ["competenze", "skills"],
      ["vaardigheden", "skills"],
      ["certifications", "certifications"],
      ["languages", "languages"],
      ["sprachen", "languages"],
      ["langues", "languages"],
      ["idiomas", "languages"],
      ["lingue", "languages"],
      ["talen", "languages"],
      ["summary", "summary"],
      ["profile", "summary"],
      ["references", "references"],
      ["referees", "references"],
      ["projects", "other"],
      ["awards", "other"],
      ["publications", "other"],
    ] as const
  ).map(([word, kind]) => [foldCase(word), kind]),
);

/**
 * The data-processing consent clause that Polish, Italian and other European resumes end with ("Wyrażam zgodę na
 * przetwarzanie…", "Autorizzo il trattamento dei miei dati personali…"): boilerplate, never a summary or a list.
 * It opens an "other" section, so its wrapped lines are left out with it.
 */
export const CONSENT_CLAUSE =
  /^(?:wyrażam zgodę|zgodnie z art|autorizzo il trattamento|si autorizza il trattamento|acconsento al trattamento|ich willige ein|ich stimme der verarbeitung|j['’]autorise|autorizo (?:el|o) tratamiento|doy mi consentimiento|ik geef toestemming|i (?:hereby )?consent to the processing)/iu;
