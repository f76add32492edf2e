import type { Engine, EngineOptions } from '../../../src/engine/engine.types.js';
import type { OpenEngine } from '../../../src/cli/context.js';
import {
  doj,
  explanation,
  exposure,
  ftc,
  ledgerLine,
  docketEntry,
  timeline,
  upcoming,
} from './fixtures.js';

/** What the fake engine saw: how it was opened, each call with its arguments, and whether it was closed. */
export interface FakeLog {
  opened: EngineOptions[];
  calls: [string, ...unknown[]][];
  closed: number;
}

const ANSWERS = { 'ftc-c4316': ftc, 'us-v-twitter-2022': doj } as const;

/** An engine over the fixtures (two orders, one non-compliant) that records every call; `fail` makes one method throw. */
export const fakeEngine = (
  fail: Partial<Record<keyof Engine, unknown>> = {},
): { open: OpenEngine; log: FakeLog } => {
  const log: FakeLog = { opened: [], calls: [], closed: 0 };
  const call = <T>(name: keyof Engine, args: unknown[], value: T): Promise<T> => {
    log.calls.push([name, ...args]);
    return name in fail ? Promise.reject(fail[name]) : Promise.resolve(value);
  };
  const engine = {
    orders: () => call('orders', [], Object.keys(ANSWERS)),
    status: (id: keyof typeof ANSWERS, q: unknown) => call('status', [id, q], ANSWERS[id]),
    timeline: (id: string, q: unknown) => call('timeline', [id, q], { ...timeline, orderId: id }),
    deadlines: (q: { orderId?: string }) =>
      call('deadlines', [q], [{ ...upcoming, orderId: q.orderId ?? upcoming.orderId }]),
    exposure: (id: string, q: unknown) => call('exposure', [id, q], [exposure]),
    ledger: (id: string, q: unknown) => call('ledger', [id, q], [ledgerLine]),
    docket: (id: string, q: unknown) => call('docket', [id, q], [docketEntry]),
    explain: (id: string, occ: string, q: unknown) => call('explain', [id, occ, q], explanation),
    verify: () => call('verify', [], { ok: true, streams: 2, events: 26 }),
    replay: () => call('replay', [], { events: 26, orders: 2 }),
    close: () => {
      log.closed++;
      return Promise.resolve();
    },
  };
  return {
    open: (options) => {
      log.opened.push(options);
      return Promise.resolve(engine as unknown as Engine);
    },
    log,
  };
};
