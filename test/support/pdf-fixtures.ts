import { makePdf } from "../../scripts/lib/pdf-builder.ts";

/**
 * Hand-written PDFs that pdf-lib will not produce: encrypted, structurally broken. Built as text with a correct
 * cross-reference table so that the only defect is the one the test is about.
 */

/** Assembles numbered objects ("<< … >>" bodies) into a PDF with a valid xref table and the given trailer keys. */
export function buildRawPdf(objects: readonly string[], trailerExtra = ""): Uint8Array {
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

function pageObjects(text: string): string[] {
  const content = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  return [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
}

/** A plain one-page PDF written by hand (control for the encrypted variant: same bytes minus /Encrypt). */
export function makeHandwrittenPdf(text = "Plain handwritten resume"): Uint8Array {
  return buildRawPdf(pageObjects(text));
}

/**
 * A PDF with a standard security handler (RC4, revision 2) whose /O and /U entries match no empty password, so
 * pdf.js cannot open it without one and raises PasswordException, as for a real user-password-protected PDF.
 */
export function makeEncryptedPdf(): Uint8Array {
  const u = "5a".repeat(32);
  const o = "a5".repeat(32);
  const encrypt = `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${o}> /U <${u}> /P -44 >>`;
  const id = "0123456789abcdef0123456789abcdef";
  return buildRawPdf([...pageObjects("Secret resume"), encrypt], `/Encrypt 6 0 R /ID [<${id}> <${id}>]`);
}

/** "%PDF-" header followed by noise: no xref, no objects. */
export function makeGarbagePdf(): Uint8Array {
  const noise = Buffer.alloc(2048);
  for (let index = 0; index < noise.length; index++) noise[index] = (index * 7919 + 13) % 251;
  return new Uint8Array(Buffer.concat([Buffer.from("%PDF-1.7\n"), noise]));
}

/** A real text PDF cut to its first `fraction` of bytes (an interrupted upload). */
export async function makeTruncatedPdf(fraction = 0.3): Promise<Uint8Array> {
  const full = await makePdf(["# Truncated Resume", "Some text that will be cut off."]);
  return full.slice(0, Math.floor(full.length * fraction));
}
