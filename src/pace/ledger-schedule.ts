import type { Ledger } from "../ledger/port.ts";
import type { LimitObservation, RateSchedule, Reservation } from "./port.ts";

/**
 * The schedule every process sharing this ledger uses: one row per provider key in watcher.rate_limits, reserved
 * and corrected by SQL functions (reserve_rate_limit, observe_rate_limit). One call per request sent, plus one per
 * answer (which writes only when the answer changed something).
 */
export class LedgerSchedule implements RateSchedule {
  constructor(private readonly ledger: Pick<Ledger, "reserveRateLimit" | "observeRateLimit">) {}

  reserve(key: string, promptTokens: number, maxWaitMs?: number): Promise<Reservation> {
    const args = { key, promptTokens };
    return this.ledger.reserveRateLimit(maxWaitMs === undefined ? args : { ...args, maxWaitMs });
  }

  async observe(key: string, observation: LimitObservation): Promise<void> {
    await this.ledger.observeRateLimit({ key, observation });
  }
}
