import type { FieldPath } from '../../domain/shared/errors.js';
import type { AppendBatch, AppendResult, RecordedEvent } from './event-store.js';
import { checkRestore, planAppend } from './append-rules.js';
import { assertAppend, assertRecorded, type CanonicalPayloads } from './validate.js';
import type { SyncBackend } from './sync-backed-store.js';

/** What an append call needs besides its batches. */
export interface AppendContext {
  /** The backend, or `StoreUnavailable` once the store is closed. */
  readonly backend: () => SyncBackend;
  readonly clock: () => Date;
}

/** Validates every batch up front; returns their payloads, and the first bad batch (its index and error) if any. */
export const validateAll = (
  batches: readonly AppendBatch[],
  pathOf: (k: number) => FieldPath,
): { payloads: CanonicalPayloads[][]; bad?: { at: number; error: unknown } } => {
  const seen = new Set<string>();
  const payloads: CanonicalPayloads[][] = [];
  for (let k = 0; k < batches.length; k++) {
    const b = batches[k] as AppendBatch;
    try {
      payloads.push(assertAppend(b.stream, b.events, b.expectedRevision, pathOf(k), seen));
    } catch (error) {
      return { payloads, bad: { at: k, error } };
    }
  }
  return { payloads };
};

/**
 * Appends `batches` in one atomic unit of the backend: each batch behaves like `append` (an identical
 * retry returns the stored result), later batches see earlier ones, and nothing is written unless every
 * batch succeeds; the error thrown is the first failing batch's. One `recordedAt` for the whole call.
 */
export const appendBatches = (
  ctx: AppendContext,
  batches: readonly AppendBatch[],
  pathOf: (k: number) => FieldPath,
): AppendResult[] => {
  const { payloads, bad } = validateAll(batches, pathOf);
  if (bad?.at === 0) throw bad.error;
  const b = ctx.backend();
  if (batches.length === 0) return [];
  const outcome = b.atomically(() => {
    const valid = batches.slice(0, bad?.at ?? batches.length);
    // One lookup for the whole call: ids are distinct across its batches (validateAll), so no batch can find another's.
    const found = b.findByIds(valid.flatMap((batch) => batch.events.map((e) => e.id)));
    const { rows, results } = planAppend(
      valid,
      payloads,
      {
        found,
        head: (stream) => b.streamHead(stream),
        nextPosition: () => b.nextPosition(),
        lastRecordedAt: b.lastRecordedAt(),
      },
      ctx.clock,
      pathOf,
    );
    if (bad !== undefined) throw bad.error;
    if (rows.length > 0) b.insert(rows);
    return { fresh: rows.length > 0, results };
  });
  if (outcome.fresh) b.notifyAppend();
  return outcome.results;
};

/**
 * Restores exported events verbatim after checking them as `checkRestore` does (their positions
 * must run on from the store's next one); all or nothing.
 */
export const restoreEvents = (b: SyncBackend, events: readonly RecordedEvent[]): void => {
  const payloads = assertRecorded(events);
  if (events.length === 0) return;
  b.atomically(() => {
    const stored = b.findByIds(events.map((e) => e.id));
    const first = b.nextPosition();
    checkRestore(events, payloads, {
      head: (s) => b.streamHead(s),
      isStored: (id) => stored.has(id),
      lastRecordedAt: b.lastRecordedAt(),
      firstPosition: first,
    });
    b.insert(
      events.map((e, i) => ({
        ...e,
        ...(payloads[i] as CanonicalPayloads),
        globalPosition: first + BigInt(i),
      })),
    );
  });
  b.notifyAppend();
};
