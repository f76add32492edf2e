import {
  admit,
  evolveOrder,
  initialOrderState,
  isDecreeError,
  type OrderState,
} from '../../domain/index.js';
import type { EventStore } from '../store/index.js';
import { decodeOrderEvent } from './decode.js';

/**
 * A stored event the order's rules, as this release states them, would not record given the events
 * of its stream before it: refused (`code` the rule's, e.g. `ACTOR_NOT_PERMITTED`), or
 * `ALREADY_RECORDED` when it repeats a fact already on record.
 */
export interface RuleProblem {
  readonly stream: string;
  readonly revision: number;
  readonly globalPosition: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly code: string;
  readonly message: string;
}

/** What `auditRules` found: how many streams and events it decided again, and every event refused. */
export interface RulesAudit {
  readonly streams: number;
  readonly events: number;
  readonly problems: readonly RuleProblem[];
}

/** The verdict of the rules on one stored event against the state before it, or undefined when they record it. */
const verdict = (
  state: OrderState,
  e: ReturnType<typeof decodeOrderEvent>,
): { code: string; message: string } | undefined => {
  try {
    return admit(state, e) === 'duplicate'
      ? { code: 'ALREADY_RECORDED', message: 'it records a fact already on record' }
      : undefined;
  } catch (err) {
    if (!isDecreeError(err)) throw err;
    return { code: err.code, message: err.message };
  }
};

/**
 * Decides every stored event again, stream by stream, against its order's state before it, with
 * the rules of this release (`admit`, as a command or an import line is): a restore loads a record
 * as written, and a store may hold events its holder wrote around the rules (or that an earlier
 * release accepted), which the hash chains cannot tell. Reads the log once for its streams, then
 * each stream once; folds every event on, refused or not, as the answers do.
 */
export const auditRules = async (store: EventStore): Promise<RulesAudit> => {
  const streams = new Set<string>();
  for await (const r of store.readAll()) streams.add(r.stream);
  const problems: RuleProblem[] = [];
  let events = 0;
  for (const stream of streams) {
    let state = initialOrderState();
    for await (const r of store.readStream(stream)) {
      events++;
      const e = decodeOrderEvent(r);
      const refused = verdict(state, e);
      if (refused)
        problems.push({
          stream,
          revision: r.streamRevision,
          globalPosition: r.globalPosition,
          eventId: r.id,
          type: r.type,
          ...refused,
        });
      state = evolveOrder(state, e);
    }
  }
  return { streams: streams.size, events, problems };
};
