import { z } from 'zod';
import { orderIdOfStream, problemsOf, upcastOrderEvent, type OrderEvent } from '../../domain/index.js';
import type { RecordedEvent } from '../store/index.js';
import type { OrderLogEntry } from '../../projections/index.js';
import { EventDecodingFailed } from './errors.js';

/** Decodes a stored order event (upcasting old versions), or throws `EventDecodingFailed` naming its position. */
export const decodeOrderEvent = (r: RecordedEvent): OrderEvent => {
  try {
    return upcastOrderEvent(r);
  } catch (e) {
    const problems = e instanceof z.ZodError ? problemsOf(e) : [{ path: [], message: String(e) }];
    throw new EventDecodingFailed('EVENT_DECODING_FAILED',
      `stored event ${r.stream}@${r.streamRevision} (${r.type} v${r.schemaVersion}) does not decode: ${problems[0]?.message ?? 'invalid'}`,
      problems[0]?.path ?? [], { stream: r.stream, streamRevision: r.streamRevision, globalPosition: String(r.globalPosition), problems });
  }
};

/** The log entry the projections fold, or undefined for an event outside an order stream. */
export const toLogEntry = (r: RecordedEvent): OrderLogEntry | undefined => {
  const orderId = orderIdOfStream(r.stream);
  if (orderId === undefined) return undefined;
  return { orderId, streamRevision: r.streamRevision, recordedAt: r.recordedAt, event: decodeOrderEvent(r) };
};
