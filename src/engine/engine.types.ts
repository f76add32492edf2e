import type { z } from 'zod';
import type { CommandMeta, OrderCommandType, OrderCommandSchemas } from '../../domain/index.js';
import type {
  CalendarEntry,
  DeadlineEntry,
  DocketEntry,
  Explanation,
  Exposure,
  LedgerLine,
  OrderAnswer,
  OrderTimeline,
  PenaltyRate,
  StatusChange,
} from '../../projections/index.js';
import type { EventStore, RecordedEvent } from '../store/index.js';
import type { CalendarQuery, ChangesQuery, WatchedChange, WatchOptions } from './feed.js';
import type { VerifyResult } from '../store/verify.js';

/** How to open an engine: a store spec (`memory`, `sqlite:<path>`, a `.db` path, an `esdb://`/`kurrentdb://` string) or an open store. */
export interface EngineOptions {
  readonly store: string | EventStore;
  /** The clock the store stamps `recordedAt` with and "today" is read from (default: the system clock). */
  readonly clock?: () => Date;
  /** IANA time zone in which "today" is read when a query gives no `asOf` (default: the system's). */
  readonly timeZone?: string;
  /** How many times a command is re-decided after a conflict at least (default 5; 0: never); it keeps trying, with jittered backoff, for up to 10 s on a hot order. */
  readonly maxRetries?: number;
  /** The per-day penalty table for exposure (default: the FTC order-violation maximum). */
  readonly penaltyTable?: readonly PenaltyRate[];
  /**
   * How many orders' read models are kept decoded for queries that come back to them (default
   * 2000; an order's is kept from its third read within the last eighth of that many orders read).
   * A pass that reads each order once and moves on (a report of every order) keeps memory flat with
   * a few, and queries spread evenly over thousands of orders, which rarely come back to one,
   * answer faster with a few (docs/performance.md).
   */
  readonly modelCache?: number;
  /**
   * Worker threads that fold a replay on a SQLite store, or any catch-up of 50,000 events or more
   * or of new events for 1,000 orders or more that have read models, and that check an import of a
   * file of 250,000 lines or more into one (default: 2 on a machine with two cores or more). 0 or 1 does the work on the calling
   * thread; the models and the import's report are the same either way.
   */
  readonly threads?: number;
  /**
   * When the log no longer holds what the stored read models were built from (events deleted or
   * rewritten under them, or their checkpoint moved: a SQLite store records what they were built
   * from): `refuse` (default) fails every query with `INTEGRITY_VIOLATION` (`LogMismatch`) and
   * leaves the models and their checkpoint as evidence until `replay` rebuilds them; `rebuild`
   * rebuilds them from the log as it is, with one `DecreeWarning`.
   */
  readonly onLogMismatch?: 'refuse' | 'rebuild';
}

/** The two time questions every query takes: legally true on `asOf`, as known at `knownAt`. */
export interface QueryOptions {
  /** Civil date `YYYY-MM-DD` (default: today in the engine's time zone). */
  readonly asOf?: string;
  /** UTC instant; only events recorded at or before it count (default: everything recorded). */
  readonly knownAt?: string;
  /** Warning window in days before a deadline (default: the order's, else 30). */
  readonly warningDays?: number;
}

/** A command as callers write it: like the domain's, but `meta.eventId` may be left out (a UUID is made up). */
export type CommandInput = {
  [C in OrderCommandType]: Omit<z.input<(typeof OrderCommandSchemas)[C]>, 'meta'> & {
    meta: Omit<z.input<typeof CommandMeta>, 'eventId'> & { eventId?: string };
  };
}[OrderCommandType];

/** What recording a command did: the events appended (none when the fact was already recorded). */
export interface RecordResult {
  readonly orderId: string;
  readonly events: readonly RecordedEvent[];
  /** The order stream's revision after the command. */
  readonly revision: number;
}

/** One bad line of an NDJSON import. */
export interface LineProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly code: string;
  /** Dotted path of the bad field within the line, empty for the line as a whole. */
  readonly path: string;
  readonly message: string;
}

/** What an import did. With problems and no `skipInvalid`, nothing was written. */
export interface ImportReport {
  readonly lines: number;
  readonly appended: number;
  readonly duplicates: number;
  readonly problems: readonly LineProblem[];
  /** The raw text of each rejected line, by line number (for a reject file). */
  readonly rejectedLines: ReadonlyMap<number, Uint8Array | string>;
  readonly written: boolean;
}

/** Options of an NDJSON import. */
export interface ImportOptions {
  /** Write the good lines and report the bad ones, instead of writing nothing. */
  readonly skipInvalid?: boolean;
  /**
   * Move past history in: every line states `recordedAt`, the instant its fact was learned
   * (non-decreasing from line to line, after the store's last recorded instant, not in the future).
   * Every rule is checked in that order as in a normal import; each event is marked
   * `metadata.backfilled` (inside its hash) and recorded at its stated instant.
   */
  readonly backfill?: boolean;
  /** Load an export verbatim (recorded times and hashes kept) into an empty store; refuses (naming the line) an export whose ids, positions, revisions, links or hashes do not hold. */
  readonly restore?: boolean;
  /**
   * With `restore`: number the events 0, 1, 2, … in line order instead of requiring the export's
   * positions to run so (an export of an EventStoreDB store, whose positions are the server's
   * offsets). Positions are not hashed: this gives up only the check that no line is missing where
   * the stream chains still hold.
   */
  readonly renumber?: boolean;
  /** Called as lines are validated and as events are handed to the store for writing (every one is durable when the import returns). */
  readonly onProgress?: (p: {
    readonly phase: 'validate' | 'write';
    readonly done: number;
    readonly total?: number;
  }) => void;
}

/** One obligation's history: every fact that concerns it and its occurrences' status over time. */
export interface ObligationHistory {
  readonly orderId: string;
  readonly obligationId: string;
  readonly docket: readonly DocketEntry[];
  readonly timeline: OrderTimeline;
}

/** Decree as a library: record facts, replay, and ask what was due, met, late or breached. */
export interface Engine {
  readonly store: EventStore;
  /** Validates, decides and appends one command to its order (retrying on concurrency conflicts). */
  execute(orderId: string, command: CommandInput): Promise<RecordResult>;
  /** Imports NDJSON lines (one event envelope each, with `stream`); validates every line before writing anything. */
  importNdjson(
    lines: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    options?: ImportOptions,
  ): Promise<ImportReport>;
  /** Imports an NDJSON file, streamed line by line (bytes, so invalid UTF-8 is reported per line). */
  importNdjsonFile(path: string, options?: ImportOptions): Promise<ImportReport>;
  /** Exports the whole log as NDJSON lines (recorded events, hashes included), in global order. */
  exportNdjson(): AsyncIterable<string>;
  /** Rebuilds every read model from the log. */
  replay(options?: {
    readonly onProgress?: (done: number) => void;
  }): Promise<{ readonly events: number; readonly orders: number }>;
  /** The ids of every order known. */
  orders(): Promise<string[]>;
  status(orderId: string, q?: QueryOptions): Promise<OrderAnswer>;
  /** Status of every order. */
  statusAll(q?: QueryOptions): Promise<OrderAnswer[]>;
  /** Change points over a range of dates (default: from the order's filing to `to` or its term's end). */
  timeline(
    orderId: string,
    q?: {
      readonly from?: string;
      readonly to?: string;
      readonly knownAt?: string;
      readonly warningDays?: number;
    },
  ): Promise<OrderTimeline>;
  /** Open deadlines due within `withinDays` of `asOf` (and overdue ones), across all orders or one; `owner` (a name or e-mail): only those it owns or backs up. */
  deadlines(
    q: QueryOptions & {
      readonly withinDays: number;
      readonly orderId?: string;
      readonly owner?: string;
    },
  ): Promise<DeadlineEntry[]>;
  ledger(orderId: string, q?: QueryOptions): Promise<LedgerLine[]>;
  exposure(orderId: string, q?: QueryOptions): Promise<Exposure[]>;
  docket(orderId: string, q?: QueryOptions): Promise<DocketEntry[]>;
  /** Why an occurrence (`<obligationId>/<key>`) has its status. */
  explain(orderId: string, occurrenceId: string, q?: QueryOptions): Promise<Explanation>;
  history(orderId: string, obligationId: string, q?: QueryOptions): Promise<ObligationHistory>;
  /** Every status change (occurrences and orders) dated in `[from, to)`, in date order, each with its deciding events. */
  changes(q: ChangesQuery): Promise<StatusChange[]>;
  /** The change feed as it happens: from `since` to today on the clock, then each new day and each change a recorded event makes. */
  watch(o: WatchOptions): AsyncGenerator<WatchedChange>;
  /** Every deadline dated in a window (default: a year from `asOf`), met or not, for a calendar file (`icsOf`). */
  calendar(q?: CalendarQuery): Promise<CalendarEntry[]>;
  /** Recomputes every hash chain and reports the first broken link. */
  verify(options?: { readonly onProgress?: (events: number) => void }): Promise<VerifyResult>;
  close(): Promise<void>;
}
