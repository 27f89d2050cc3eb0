import type { SampleEducation, SampleJob, SampleResume } from "../samples-manifest.ts";
import type { DocxSpec } from "./docx-builder.ts";
import type { PdfLayout, PdfLink } from "./pdf-builder.ts";

/**
 * Turns a SampleResume into the input of each document builder. Section names are the ones recruiters use:
 * Summary, Experience, Education, Skills, Certifications, Languages.
 */

const SEPARATOR = "  •  ";

const jobHeading = (job: SampleJob) =>
  `${job.title} — ${job.company}${job.location ? `, ${job.location}` : ""}`;

function educationLine(education: SampleEducation): string {
  const degree = education.field ? `${education.degree}, ${education.field}` : education.degree;
  return `${degree} — ${education.institution}, ${education.dates}`;
}

/** Sections in builder line syntax ("## Heading", plain lines, "• " bullets). */
function sections(
  resume: SampleResume,
  include: { skills: boolean; languages: boolean; certifications: boolean },
) {
  const lines = ["## Summary", resume.summary, "## Experience"];
  for (const job of resume.experience) {
    lines.push(jobHeading(job), job.dates, ...job.highlights.map((highlight) => `• ${highlight}`), "");
  }
  lines.push("## Education", ...resume.education.map(educationLine));
  if (include.skills) lines.push("## Skills", resume.skills.join(", "));
  if (include.certifications && resume.certifications.length > 0) {
    lines.push("## Certifications", ...resume.certifications);
  }
  if (include.languages) lines.push("## Languages", resume.languages.join(", "));
  return lines;
}

const ALL_SECTIONS = { skills: true, languages: true, certifications: true };

/** Link annotations for PDFs: each label is visible, its URL is only behind it. */
export const pdfLinks = (resume: SampleResume): PdfLink[] =>
  resume.links.map((link) => ({ text: link.label, url: link.url }));

export function singleColumnPdf(resume: SampleResume): string[] {
  const contact = [resume.location, resume.email, resume.phone, ...resume.links.map((link) => link.label)];
  return [`# ${resume.name}`, resume.headline, contact.join(SEPARATOR), ...sections(resume, ALL_SECTIONS)];
}

export function twoColumnPdf(resume: SampleResume): PdfLayout {
  const sidebar = [
    "## Contact",
    resume.location,
    resume.email,
    resume.phone,
    ...resume.links.map((link) => link.label),
    "## Skills",
    ...resume.skills,
    "## Languages",
    ...resume.languages,
    "## Certifications",
    ...resume.certifications,
  ];
  const main = [
    `# ${resume.name}`,
    resume.headline,
    ...sections(resume, { skills: false, languages: false, certifications: false }),
  ];
  return { sidebar, main };
}

/** Plain text as people type it: upper-case headings, "*" bullets, URLs written out. */
export function plainText(resume: SampleResume, lineEnding: "\n" | "\r\n"): string {
  const links = resume.links.map((link) => `${link.label}: ${link.url}`);
  const lines = [
    resume.name,
    resume.headline,
    [resume.location, resume.email, resume.phone].join(" | "),
    ...links,
  ];
  for (const line of sections(resume, ALL_SECTIONS)) {
    if (line.startsWith("## ")) lines.push("", line.slice(3).toUpperCase());
    else lines.push(line.replace(/^• /, "  * "));
  }
  return `${lines.join(lineEnding)}${lineEnding}`;
}

export function markdown(resume: SampleResume): string {
  const links = resume.links.map((link) => `[${link.label}](${link.url})`);
  const lines = [
    `# ${resume.name}`,
    "",
    `**${resume.headline}** · ${resume.location}`,
    [`[${resume.email}](mailto:${resume.email})`, resume.phone, ...links].join(" · "),
    "",
    "## Summary",
    "",
    resume.summary,
    "",
    "## Experience",
  ];
  for (const job of resume.experience) {
    lines.push(
      "",
      `### ${job.title} — ${job.company}`,
      `*${job.dates}*${job.location ? ` · ${job.location}` : ""}`,
      "",
    );
    lines.push(...job.highlights.map((highlight) => `- ${highlight}`));
  }
  lines.push("", "## Education", "", ...resume.education.map((education) => `- ${educationLine(education)}`));
  lines.push("", "## Skills", "", resume.skills.map((skill) => `\`${skill}\``).join(", "));
  lines.push(
    "",
    "## Certifications",
    "",
    ...resume.certifications.map((certification) => `- ${certification}`),
  );
  lines.push("", "## Languages", "", ...resume.languages.map((language) => `- ${language}`));
  return `${lines.join("\n")}\n`;
}

/** DOCX with contact details in the body, certifications as bullets, links behind their labels. */
export function docxResume(resume: SampleResume, extra: Partial<DocxSpec> = {}): DocxSpec {
  const paragraphs = [
    `# ${resume.name}`,
    `${resume.headline}\n${resume.location} | ${resume.email} | ${resume.phone}`,
    ...sections(resume, { skills: true, languages: true, certifications: false }).map((line) =>
      line.startsWith("• ") ? `- ${line.slice(2)}` : line,
    ),
  ];
  const certifications = resume.certifications.map((certification) => `- ${certification}`);
  const hyperlinks = resume.links.map((link) => ({ ...link, text: link.label, before: "Online: " }));
  return {
    paragraphs: [
      ...paragraphs,
      ...(certifications.length > 0 ? ["## Certifications", ...certifications] : []),
    ],
    hyperlinks,
    title: `Resume — ${resume.name}`,
    creator: resume.name,
    ...extra,
  };
}

/**
 * DOCX whose name, e-mail and phone appear only in the page header (a common Word template); skills and languages
 * sit in a two-column table, the portfolio URL only behind a link.
 */
export function docxContactInHeader(resume: SampleResume): DocxSpec {
  const body = sections(resume, { skills: false, languages: false, certifications: true }).map((line) =>
    line.startsWith("• ") ? `- ${line.slice(2)}` : line,
  );
  return {
    header: [resume.name, `${resume.email} | ${resume.phone} | ${resume.location}`],
    paragraphs: [`# ${resume.headline}`, ...body, "## Skills and Languages"],
    table: [
      ["Skills", resume.skills.join(", ")],
      ["Languages", resume.languages.join(", ")],
    ],
    hyperlinks: resume.links.map((link) => ({ text: link.label, url: link.url, before: "Selected work: " })),
    title: "Resume",
    creator: resume.name,
  };
}
