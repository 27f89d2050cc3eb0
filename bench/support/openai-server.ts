import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { emptyCandidate } from "../../src/parse/candidate.ts";

/**
 * A local OpenAI-compatible server for benchmarks: every POST /v1/chat/completions answers a valid candidate in the
 * chat-completions wire format after `latencyMs` (a model's think time), the same wire format as
 * test/support/openai-server.ts without its scripting. Requests are counted.
 */
export interface BenchOpenAI {
  baseURL: string;
  requests: number;
  close(): Promise<void>;
}

export async function startBenchOpenAI(latencyMs: number): Promise<BenchOpenAI> {
  const open = new Set<ServerResponse>();
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "no route", type: "not_found" } }));
        return;
      }
      state.requests += 1;
      const n = state.requests;
      open.add(res);
      res.on("close", () => open.delete(res));
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(completion(n)));
      }, latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    get requests() {
      return state.requests;
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function completion(n: number) {
  const usage = { prompt_tokens: 1_000, completion_tokens: 300 };
  // The adapter's answer shape (src/parse/openai/answer.ts): the document's type, then the candidate.
  const candidate = { ...emptyCandidate(), name: `Candidate ${n}` };
  const content = JSON.stringify({ document_type: "resume", candidate });
  return {
    id: `chatcmpl-${n}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "bench-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}
