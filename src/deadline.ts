import { setMaxListeners } from "node:events";

/**
 * A tick's time budget. `remaining()` drives the "does the next file still fit?" decision; `signal` fires at the
 * hard deadline and aborts whatever is still in flight (it is then released, not failed).
 */
export class Deadline {
  readonly startedAt: number;
  readonly endsAt: number;
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  /** `parent` (e.g. Ctrl-C) aborts the tick early, exactly like reaching the deadline. */
  constructor(budgetMs: number, options: { now?: () => number; parent?: AbortSignal } = {}) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.endsAt = this.startedAt + budgetMs;
    this.signal = this.controller.signal;
    // Every file in flight listens on this one signal (the pipeline's race plus the parser's own), so at
    // concurrency 6+ Node's default of 10 listeners would print a false "possible leak" warning.
    setMaxListeners(0, this.signal);
    this.timer = setTimeout(() => this.abort("deadline"), budgetMs);
    this.timer.unref();
    const parent = options.parent;
    if (parent) {
      if (parent.aborted) this.abort("interrupted");
      else parent.addEventListener("abort", () => this.abort("interrupted"), { once: true });
    }
  }

  elapsed(): number {
    return this.now() - this.startedAt;
  }

  remaining(): number {
    if (this.signal.aborted) return 0;
    return Math.max(0, this.endsAt - this.now());
  }

  /** Why the tick stopped early, if it did: "deadline" or "interrupted". */
  get reason(): string | null {
    return this.signal.aborted ? String(this.signal.reason?.message ?? "deadline") : null;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private abort(why: "deadline" | "interrupted"): void {
    clearTimeout(this.timer);
    if (!this.controller.signal.aborted) this.controller.abort(new DeadlineError(why));
  }
}

export class DeadlineError extends Error {
  constructor(message: "deadline" | "interrupted") {
    super(message);
    this.name = "DeadlineError";
  }
}

/**
 * Estimates how long the next file will take, from the files this process has seen. Uses the 90th percentile of
 * the last `window` durations (default 50) so one slow outlier does not stop claiming, while a consistently slow
 * parser does. Before any observation it answers `initialMs` (default 1,000 ms: a guess between the offline
 * parser's ~10 ms and a model call's ~1.5 s).
 */
export class DurationEstimate {
  private readonly samples: number[] = [];

  constructor(
    private readonly initialMs = 1_000,
    private readonly window = 50,
  ) {}

  observe(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.window) this.samples.shift();
  }

  estimateMs(): number {
    if (this.samples.length === 0) return this.initialMs;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? this.initialMs;
  }
}

/** Resolves or rejects with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
