import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Candidate, emptyCandidate } from "../../src/parse/candidate.ts";

/**
 * A fake OpenAI-compatible server on 127.0.0.1 speaking the chat-completions wire format (POST
 * /v1/chat/completions, what the SDK sends with baseURL ".../v1"). Each request takes the next scripted reply;
 * when the script runs out, `fallback` answers. Every request is recorded (body, arrival time).
 */
export type Reply =
  | {
      kind: "success";
      candidate?: Candidate;
      /** What the model says the document is; default "resume". */
      documentType?: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
    }
  | { kind: "rate_limit"; retryAfterMs?: number; retryAfterS?: number }
  | { kind: "quota" }
  | { kind: "unauthorized" }
  | { kind: "server_error" }
  /** Any other error answer, in OpenAI's `{ error: { message, type, param, code } }` shape. */
  | { kind: "http_error"; status: number; message: string; code?: string; param?: string }
  | { kind: "not_json" }
  | { kind: "wrong_shape" }
  | { kind: "refusal" }
  | { kind: "length" }
  | { kind: "hang" };

export interface RecordedRequest {
  /** Arrival, ms since the server started (performance.now clock). */
  at: number;
  /** When the reply was sent (same clock); null while hanging. */
  repliedAt: number | null;
  path: string;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean } };
  };
  authorization: string | undefined;
}

export interface FakeOpenAI {
  /** baseURL for the SDK: http://127.0.0.1:<port>/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  script(...replies: Reply[]): void;
  fallback: Reply;
  close(): Promise<void>;
}

export function candidateFixture(name = "Ada Lovelace"): Candidate {
  return {
    ...emptyCandidate(),
    name,
    email: "ada@example.com",
    skills: ["TypeScript"],
    experience: [
      {
        company: "Analytical Engines",
        title: "Engineer",
        start: "2019-01",
        end: null,
        current: true,
        location: null,
        highlights: [],
      },
    ],
    years_experience: 6,
  };
}

export async function startFakeOpenAI(fallback: Reply = { kind: "success" }): Promise<FakeOpenAI> {
  const queue: Reply[] = [];
  const hanging = new Set<ServerResponse>();
  const requests: RecordedRequest[] = [];
  const fake: FakeOpenAI = {
    baseURL: "",
    requests,
    fallback,
    script: (...replies) => queue.push(...replies),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      return send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: "not_found" } });
    }
    const record: RecordedRequest = {
      at: performance.now(),
      repliedAt: null,
      path: req.url,
      body: JSON.parse(raw),
      authorization: req.headers.authorization,
    };
    requests.push(record);
    const reply = queue.shift() ?? fake.fallback;
    if (reply.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    record.repliedAt = performance.now();
    const { status, body, headers } = answer(reply, requests.length);
    send(res, status, body, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function answer(reply: Exclude<Reply, { kind: "hang" }>, n: number): Answer {
  const ok = (content: string | null, extra: Record<string, unknown> = {}, finish = "stop"): Answer => ({
    status: 200,
    body: completion(n, content, extra, finish),
  });
  switch (reply.kind) {
    case "success": {
      const content = JSON.stringify({
        document_type: reply.documentType ?? "resume",
        candidate: reply.candidate ?? candidateFixture(),
      });
      return { status: 200, body: completion(n, content, {}, "stop", reply.usage) };
    }
    case "rate_limit": {
      const headers: Record<string, string> = {};
      if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
      if (reply.retryAfterS !== undefined) headers["retry-after"] = String(reply.retryAfterS);
      return {
        status: 429,
        body: apiError("Rate limit reached", "rate_limit_exceeded", "requests"),
        headers,
      };
    }
    case "quota":
      return {
        status: 429,
        body: apiError("You exceeded your current quota", "insufficient_quota", "insufficient_quota"),
      };
    case "unauthorized":
      return {
        status: 401,
        body: apiError("Incorrect API key provided: sk-te***st", "invalid_api_key", null),
      };
    case "server_error":
      return { status: 500, body: apiError("The server had an error", null, "server_error") };
    case "http_error": {
      const body = apiError(reply.message, reply.code ?? null, "invalid_request_error");
      return { status: reply.status, body: { error: { ...body.error, param: reply.param ?? null } } };
    }
    case "not_json":
      return ok("Sure! Here is the candidate: name Ada");
    case "wrong_shape":
      return ok(JSON.stringify({ full_name: "Ada", years: "ten" }));
    case "refusal":
      return ok(null, { refusal: "I can't help with that." });
    case "length":
      return ok('{"name": "Ada", "email": ', {}, "length");
  }
}

function completion(
  n: number,
  content: string | null,
  extra: Record<string, unknown>,
  finishReason: string,
  usage = { prompt_tokens: 120, completion_tokens: 80 },
) {
  return {
    id: `chatcmpl-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "fake-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, ...extra },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function apiError(message: string, code: string | null, type: string | null) {
  return { error: { message, type, param: null, code } };
}

/** Answers `body` as JSON with `status` and any extra headers. */
export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** The whole request body as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
