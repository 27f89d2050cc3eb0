import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSamples } from "../scripts/generate-samples.ts";
import { SAMPLE_BAD_FILES, SAMPLE_OUTCOMES, SAMPLE_RESUMES } from "../scripts/samples-manifest.ts";
import { FileError } from "../src/errors.ts";
import { extractText } from "../src/extract/index.ts";

const SAMPLES_DIR = resolve(import.meta.dirname, "..", "samples");
const read = async (dir: string, file: string) => new Uint8Array(await readFile(join(dir, file)));

describe("samples/", () => {
  const scratch = mkdtemp(join(tmpdir(), "samples-"));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  it("is up to date: regenerating writes byte-identical files", async () => {
    const dir = await scratch;
    const written = await generateSamples(dir);
    expect(written.sort()).toEqual((await readdir(SAMPLES_DIR)).sort());
    for (const file of written) expect(await read(dir, file), file).toEqual(await read(SAMPLES_DIR, file));
  });

  it("lists every file in the manifest (README.md aside)", async () => {
    const files = (await readdir(SAMPLES_DIR)).filter((file) => file !== "README.md");
    expect(files.sort()).toEqual(SAMPLE_OUTCOMES.map((outcome) => outcome.file).sort());
  });

  it.each(SAMPLE_RESUMES.map((resume) => [resume.file, resume] as const))(
    "%s yields the ground truth's contact details, links and employers",
    async (file, resume) => {
      const { text, truncated } = await extractText(await read(SAMPLES_DIR, file));
      expect(truncated).toBe(false);
      for (const value of [
        resume.name,
        resume.email,
        resume.phone,
        ...resume.links.map((link) => link.url),
      ]) {
        expect(text, `${file} lacks ${value}`).toContain(value);
      }
      for (const job of resume.experience) expect(text).toContain(job.company);
      for (const job of resume.experience) expect(text).toContain(job.dates);
    },
  );

  it.each(SAMPLE_BAD_FILES.map((outcome) => [outcome.file, outcome.error_code] as const))(
    "%s fails extraction with %s",
    async (file, code) => {
      const error = await extractText(await read(SAMPLES_DIR, file)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).code).toBe(code);
    },
  );
});
