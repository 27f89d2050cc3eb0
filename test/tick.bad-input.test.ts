import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLedger } from "../src/ledger/open.ts";
import type { ExportRow, Ledger } from "../src/ledger/port.ts";
import { HeuristicParser } from "../src/parse/heuristic/index.ts";
import type { TickSummary } from "../src/tick.ts";
import {
  elfHeader,
  encryptedDocx,
  legacyDoc,
  makeDocx,
  makeDocxWithBrokenXml,
  makeImageOnlyPdf,
  makePdf,
  makePng,
  makeTruncatedDocx,
  xlsxLikeZip,
} from "./support/fixtures.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";
import { InvalidOutputParser } from "./support/parsers.ts";
import { makeEncryptedPdf, makeGarbagePdf } from "./support/pdf-fixtures.ts";
import { tickFolder } from "./support/tick.ts";

/** Every class of bad input, with the status and code it must end in. Good files sit between them. */
const BAD_FILES: {
  path: string;
  status: string;
  code: string;
  make: () => Uint8Array | Promise<Uint8Array>;
}[] = [
  { path: "b01-empty.pdf", status: "failed", code: "empty_file", make: () => new Uint8Array() },
  { path: "b02-garbage.pdf", status: "failed", code: "corrupt_file", make: makeGarbagePdf },
  { path: "b03-truncated.docx", status: "failed", code: "corrupt_file", make: () => makeTruncatedDocx() },
  { path: "b04-broken-xml.docx", status: "failed", code: "corrupt_file", make: makeDocxWithBrokenXml },
  { path: "b05-locked.pdf", status: "failed", code: "encrypted_file", make: makeEncryptedPdf },
  { path: "b06-locked.docx", status: "failed", code: "encrypted_file", make: encryptedDocx },
  { path: "b07-scan.pdf", status: "failed", code: "image_only_pdf", make: makeImageOnlyPdf },
  { path: "b08-photo.pdf", status: "skipped", code: "unsupported_type", make: () => makePng() },
  { path: "b09-old.doc", status: "skipped", code: "unsupported_type", make: legacyDoc },
  { path: "b10-tool.exe", status: "skipped", code: "unsupported_type", make: elfHeader },
  { path: "b11-sheet.docx", status: "skipped", code: "unsupported_type", make: xlsxLikeZip },
  { path: "b12-huge.txt", status: "skipped", code: "too_large", make: () => new Uint8Array(70_000).fill(65) },
  {
    path: "b13-blank.txt",
    status: "failed",
    code: "no_text",
    make: () => new TextEncoder().encode(" \n\t\n "),
  },
];

describe("bad input never stops a tick", () => {
  let db: Ledger;
  let folder: TempFolder;
  let summary: TickSummary;
  let rows: ExportRow[];

  beforeAll(async () => {
    db = await openLedger({ migrate: true }); // in-memory PGlite: the embedded path
    folder = await createTempFolder();
    for (const bad of BAD_FILES) await folder.write(bad.path, await bad.make());
    await folder.write("g1-good.txt", textResume(1));
    await folder.write(
      "g2-good.pdf",
      await makePdf(["Ada Lovelace", "ada@example.com", "Skills", "Mathematics"]),
    );
    await folder.write("g3-good.docx", await makeDocx({ paragraphs: ["Grace Hopper", "grace@example.com"] }));
    summary = await tickFolder(db, folder.dir, new HeuristicParser(), {
      maxFileBytes: 64_000,
      concurrency: 2,
    });
    rows = await db.exportFiles({ bucket: "test-bucket" });
  });
  afterAll(async () => {
    await db.close();
    await folder.cleanup();
  });

  it.each(BAD_FILES)("$path ends $status with $code and a human message", ({ path, status, code }) => {
    const row = rows.find((r) => r.path === path);
    expect(row).toMatchObject({ status, error_code: code, candidate: null });
    expect(row?.error_message?.length).toBeGreaterThan(10);
  });

  it("the good files between them are all parsed", () => {
    for (const path of ["g1-good.txt", "g2-good.pdf", "g3-good.docx"]) {
      expect(rows.find((r) => r.path === path)?.status, path).toBe("done");
    }
    expect(rows.find((r) => r.path === "g2-good.pdf")?.candidate?.email).toBe("ada@example.com");
    expect(summary).toMatchObject({ done: 3, backlog: 0, outcome: "completed", retrying: 0 });
    expect(summary.failed + summary.skipped).toBe(BAD_FILES.length);
  });

  it("parser output that breaks the schema fails as invalid_candidate without storing it", async () => {
    await folder.write("g4-new.txt", textResume(4));
    const second = await tickFolder(db, folder.dir, new InvalidOutputParser());
    expect(second).toMatchObject({ claimed: 1, failed: 1 });
    const row = (await db.exportFiles({ bucket: "test-bucket" })).find((r) => r.path === "g4-new.txt");
    expect(row).toMatchObject({ status: "failed", error_code: "invalid_candidate", candidate: null });
  });
});
