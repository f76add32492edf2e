import type {
  AppendResult,
  EventStore,
  RecordedEvent,
  Subscription,
} from '../../../src/store/event-store.js';

/**
 * Gives each contract case its own slice of a shared server: stream names get a unique prefix on
 * the way in, lose it on the way out, and global reads show only that slice. Positions are the
 * server's own. Hashes cover the real (prefixed) stream name, so they differ from an unprefixed store.
 */
export const namespaced = (inner: EventStore, prefix: string): EventStore => {
  const out = (e: RecordedEvent): RecordedEvent => ({
    ...e,
    stream: e.stream.slice(prefix.length),
  });
  const mine = (e: RecordedEvent): boolean => e.stream.startsWith(prefix);
  async function* only(
    source: AsyncIterable<RecordedEvent>,
    limit = Number.POSITIVE_INFINITY,
  ): AsyncGenerator<RecordedEvent> {
    let n = 0;
    if (limit <= 0) return;
    for await (const e of source) {
      if (!mine(e)) continue;
      yield out(e);
      if (++n >= limit) return;
    }
  }
  const result = (r: AppendResult): AppendResult => ({
    ...r,
    stream: r.stream.slice(prefix.length),
    events: r.events.map(out),
  });
  return {
    kind: inner.kind,
    append: (stream, events, options) =>
      inner.append(prefix + stream, events, options).then(result),
    appendMany: (batches) =>
      inner
        .appendMany(batches.map((b) => ({ ...b, stream: prefix + b.stream })))
        .then((rs) => rs.map(result)),
    appendRecorded: (events) =>
      inner.appendRecorded(events.map((e) => ({ ...e, stream: prefix + e.stream }))),
    readStream: (stream, options) => only(inner.readStream(prefix + stream, options)),
    readAll: (options = {}) => {
      const { limit, ...rest } = options;
      return only(inner.readAll(rest), limit);
    },
    subscribe: (options): Subscription => {
      const sub = inner.subscribe(options);
      return {
        [Symbol.asyncIterator]: () => only(sub)[Symbol.asyncIterator](),
        stop: () => sub.stop(),
      };
    },
    close: () => inner.close(),
  };
};
