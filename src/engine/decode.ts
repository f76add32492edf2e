import { z } from 'zod';
import {
  currentSchemaVersion,
  isOrderEventType,
  orderIdOfStream,
  problemsOf,
  upcastOrderEvent,
  type OrderEvent,
} from '../../domain/index.js';
import type { UnhashedEvent } from '../store/lean-reads.js';
import type { OrderLogEntry } from '../../projections/index.js';
import { EventDecodingFailed } from './errors.js';

/**
 * Decodes a stored order event (upcasting old versions), or throws `EventDecodingFailed` naming
 * its position. An event at the current version of a known type was validated by this schema
 * when it was appended, and the store's hash chain (checked by `verify`) guards it since, so it
 * is not parsed again on every replay: that is most of what reading the log would cost.
 */
export const decodeOrderEvent = (r: UnhashedEvent): OrderEvent => {
  if (isOrderEventType(r.type) && r.schemaVersion === currentSchemaVersion(r.type)) {
    return {
      id: r.id,
      type: r.type,
      schemaVersion: r.schemaVersion,
      data: r.data,
      metadata: r.metadata,
    } as OrderEvent;
  }
  try {
    return upcastOrderEvent(r);
  } catch (e) {
    const problems = e instanceof z.ZodError ? problemsOf(e) : [{ path: [], message: String(e) }];
    throw new EventDecodingFailed(
      'EVENT_DECODING_FAILED',
      `stored event ${r.stream}@${r.streamRevision} (${r.type} v${r.schemaVersion}) does not decode: ${problems[0]?.message ?? 'invalid'}`,
      problems[0]?.path ?? [],
      {
        stream: r.stream,
        streamRevision: r.streamRevision,
        globalPosition: String(r.globalPosition),
        problems,
      },
    );
  }
};

/** The log entry the projections fold, or undefined for an event outside an order stream. */
export const toLogEntry = (r: UnhashedEvent): OrderLogEntry | undefined => {
  const orderId = orderIdOfStream(r.stream);
  if (orderId === undefined) return undefined;
  return {
    orderId,
    streamRevision: r.streamRevision,
    recordedAt: r.recordedAt,
    event: decodeOrderEvent(r),
  };
};
