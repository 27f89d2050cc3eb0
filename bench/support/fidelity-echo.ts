/**
 * An OpenAI-compatible server (chat-completions wire format, the `{document_type, candidate}` answer of
 * src/parse/openai/answer.ts) that answers "only what the received text holds": it knows every truth of a
 * set, picks the one whose values the received text holds most of, and returns it with every value the text
 * does not hold removed (scalars null, list items dropped, an entry whose employer and title are both absent
 * dropped, dates kept only when they are printed in the text). Through it, the real OpenAI parser's score
 * measures extraction only: a perfect extractor scores 1.0.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { yearsOfExperience } from "../../scripts/fidelity/years.ts";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";
import {
  isPresent,
  normalizeForPresence,
  type PrintedDates,
  type TruthValue,
  truthValues,
} from "../../test/support/fidelity-values.ts";
import { readBody, send } from "../../test/support/openai-server.ts";

export interface KnownTruth {
  truth: Candidate;
  printedDates: PrintedDates;
  /** Text in the file that is not content, and the field a reader of the received text would take it into. */
  hidden: readonly { field: string; text: string }[];
}

export interface EchoServer {
  baseURL: string;
  close(): Promise<void>;
}

/** The known truth whose values `text` holds the largest share of. */
function bestMatch(text: string, known: readonly KnownTruth[]): KnownTruth | null {
  let best: { share: number; known: KnownTruth } | null = null;
  for (const candidate of known) {
    const values = truthValues(candidate.truth, candidate.printedDates);
    const share = values.filter((value) => isPresent(value, text)).length / Math.max(1, values.length);
    if (share > (best?.share ?? 0)) best = { share, known: candidate };
  }
  return best?.known ?? null;
}

/**
 * What a model reading `text` would take from text that is not content but reached it anyway: hidden keywords
 * as skills, a tracked-deleted "Junior " as part of the latest title. (A deleted old phone number beside the
 * real one is left alone: the real one comes first.)
 */
function contaminate(candidate: Candidate, known: KnownTruth, text: string): Candidate {
  for (const hidden of known.hidden) {
    if (!text.includes(normalizeForPresence(hidden.text))) continue;
    if (hidden.field === "skills") candidate.skills.push(...hidden.text.trim().split(" "));
    const latest = candidate.experience[0];
    if (
      hidden.field === "experience.title" &&
      latest &&
      text.includes(normalizeForPresence(`${hidden.text}${latest.title}`))
    ) {
      latest.title = `${hidden.text}${latest.title}`;
    }
  }
  return candidate;
}

/** The truth with everything `text` (normalized) does not hold removed, and what it wrongly holds added. */
export function redact(known: KnownTruth, text: string): Candidate {
  return contaminate(present(known, text), known, text);
}

function present(known: KnownTruth, text: string): Candidate {
  const { truth, printedDates } = known;
  const has = (value: string | null, kind: TruthValue["kind"] = "text") =>
    value !== null && isPresent({ field: "", value, kind }, text);
  const keep = (value: string | null) => (has(value) ? value : null);
  const experience = truth.experience.flatMap((entry, i) => {
    if (!has(entry.company) && !has(entry.title)) return [];
    const dated = has(printedDates.experience[i] ?? null);
    return [
      {
        company: has(entry.company) ? entry.company : "",
        title: has(entry.title) ? entry.title : "",
        start: dated ? entry.start : null,
        end: dated ? entry.end : null,
        current: dated && entry.current,
        location: keep(entry.location),
        highlights: entry.highlights.filter((h) => has(h)),
      },
    ];
  });
  const education = truth.education.flatMap((entry, i) => {
    if (!has(entry.institution) && !has(entry.degree)) return [];
    const dated = has(printedDates.education[i] ?? null);
    return [
      {
        institution: has(entry.institution) ? entry.institution : "",
        degree: keep(entry.degree),
        field: keep(entry.field),
        end: dated ? entry.end : null,
      },
    ];
  });
  return {
    name: keep(truth.name),
    email: keep(truth.email),
    phone: keep(truth.phone),
    location: keep(truth.location),
    links: truth.links.filter((link) => has(link, "link")),
    summary: keep(truth.summary),
    skills: truth.skills.filter((s) => has(s)),
    experience,
    education,
    certifications: truth.certifications.filter((c) => has(c)),
    languages: truth.languages.filter((l) => has(l)),
    years_experience: yearsOfExperience(experience),
  };
}

function completion(n: number, answer: unknown) {
  const usage = { prompt_tokens: 1_000, completion_tokens: 400 };
  return {
    id: `chatcmpl-echo-${n}`,
    object: "chat.completion",
    created: 1_700_000_000,
    model: "echo-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: JSON.stringify(answer), refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

export async function startEchoServer(known: readonly KnownTruth[]): Promise<EchoServer> {
  let requests = 0;
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      send(res, 404, { error: { message: "no route", type: "not_found" } });
      return;
    }
    const body = JSON.parse(raw) as { messages: { role: string; content: string }[] };
    const received = normalizeForPresence(
      body.messages
        .filter((m) => m.role === "user")
        .map((m) => m.content)
        .join("\n"),
    );
    const match = bestMatch(received, known);
    const answer = match
      ? { document_type: "resume", candidate: redact(match, received) }
      : { document_type: "other", candidate: emptyCandidate() };
    send(res, 200, completion(++requests, answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
