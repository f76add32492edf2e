import type { FieldPath } from '../../domain/shared/errors.js';
import type { AppendBatch, AppendResult, RecordedEvent } from './event-store.js';
import {
  buildRows,
  checkExpected,
  checkRestore,
  resolveRetry,
  resultOfRows,
  recordedAtFor,
  type StoredRow,
  type StreamHead,
} from './append-rules.js';
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
    const heads = new Map<string, StreamHead | undefined>();
    const rows: StoredRow[] = [];
    const results: (
      AppendResult | { readonly fresh: number; readonly count: number; readonly stream: string }
    )[] = [];
    let stamp: string | undefined;
    let lastAt = b.lastRecordedAt();
    let position: bigint | undefined;
    const valid = batches.slice(0, bad?.at ?? batches.length);
    // One lookup for the whole call: ids are distinct across its batches (validateAll), so no batch can find another's.
    const found = b.findByIds(valid.flatMap((batch) => batch.events.map((e) => e.id)));
    for (let k = 0; k < valid.length; k++) {
      const { stream, events, expectedRevision, recordedAt: stated } = valid[k] as AppendBatch;
      const retried =
        found.size === 0
          ? undefined
          : resolveRetry(
              stream,
              events,
              expectedRevision,
              events.map((e) => found.get(e.id)),
              pathOf(k),
            );
      if (retried !== undefined) {
        results.push(retried);
        continue;
      }
      const head = heads.has(stream) ? heads.get(stream) : b.streamHead(stream);
      checkExpected(stream, expectedRevision, head);
      // One clock stamp for the call; a backfilled batch brings its own instant, in order.
      const recordedAt =
        stated === undefined
          ? (stamp ??= recordedAtFor(undefined, ctx.clock, lastAt))
          : recordedAtFor(stated, ctx.clock, lastAt, [...pathOf(k), 'recordedAt']);
      lastAt = recordedAt;
      position ??= b.nextPosition();
      const built = buildRows(
        stream,
        events,
        payloads[k] as CanonicalPayloads[],
        head,
        position,
        recordedAt,
      );
      const last = built[built.length - 1] as StoredRow;
      heads.set(stream, { revision: last.streamRevision, hash: last.hash });
      position += BigInt(built.length);
      results.push({ fresh: rows.length, count: built.length, stream });
      rows.push(...built);
    }
    if (bad !== undefined) throw bad.error;
    if (rows.length > 0) b.insert(rows);
    return {
      fresh: rows.length > 0,
      results: results.map((r) =>
        'fresh' in r ? resultOfRows(r.stream, rows.slice(r.fresh, r.fresh + r.count)) : r,
      ),
    };
  });
  if (outcome.fresh) b.notifyAppend();
  return outcome.results;
};

/** Restores exported events verbatim after checking every hash and link; all or nothing. */
export const restoreEvents = (b: SyncBackend, events: readonly RecordedEvent[]): void => {
  const payloads = assertRecorded(events);
  if (events.length === 0) return;
  b.atomically(() => {
    const stored = b.findByIds(events.map((e) => e.id));
    checkRestore(events, payloads, {
      head: (s) => b.streamHead(s),
      isStored: (id) => stored.has(id),
      lastRecordedAt: b.lastRecordedAt(),
    });
    const first = b.nextPosition();
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
