import { stringify } from 'csv-stringify/sync';
import type { Money } from '../../../domain/index.js';
import type { OrderAnswer } from '../../../projections/index.js';
import type { DeadlinesData } from './deadlines.js';
import type { DocketData } from './docket.js';
import type { ExposureData, LedgerData } from './money.js';
import { decimalAmount } from './text.js';

/** A listing as a spreadsheet takes it: a header row and one row per item. */
export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | undefined)[])[];
}

/** RFC 4180 CSV (CRLF line ends, fields quoted when they need it), header row first. */
export const toCsv = (t: CsvTable): string => csvRecords([t.columns, ...t.rows]);

/** CSV records as `toCsv` writes them, each ending in CRLF (the rows of a table printed in parts). */
export const csvRecords = (records: CsvTable['rows']): string =>
  stringify(
    records.map((r) => r.map((v) => (v === undefined ? '' : inertCell(String(v))))),
    { record_delimiter: 'windows' },
  );

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell a spreadsheet reads as text, never as a formula: a text from the record (a title, an
 * actor's name) that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
 * `'` (OWASP's advice against CSV injection); a plain number (a negative amount) is left as it is.
 */
export const inertCell = (v: string): string =>
  FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v;

/** A CSV listing an item at a time (an order's answer): its columns, and each item's rows. */
export interface CsvInTurn<T> {
  readonly columns: CsvTable['columns'];
  rows(item: T): CsvTable['rows'];
}

/** The whole table of a listing, given all its items at once. */
export const csvOf = <T>(form: CsvInTurn<T>, items: readonly T[]): CsvTable => ({
  columns: form.columns,
  rows: items.flatMap((item) => form.rows(item)),
});

const amount = (m: Money | undefined) =>
  m === undefined ? undefined : decimalAmount(m.amountMinor, m.currency);

/** The rows of one order's answer in `status --format csv`: one per occurrence. */
const statusRows = (o: OrderAnswer): CsvTable['rows'] =>
  o.occurrences.map((x) => [
    o.orderId,
    o.status,
    o.asOf,
    x.id,
    x.obligationId,
    x.title,
    x.status,
    x.nominalDueOn,
    x.dueOn,
    x.daysLate,
    x.satisfiedOn,
    x.allegations.length,
    x.assumed.length > 0,
    x.owner?.owner.name,
    x.owner?.owner.email,
  ]);

/** `status --format csv`: one row per occurrence of every order. */
export const STATUS_CSV: CsvInTurn<OrderAnswer> = {
  columns: [
    'order_id',
    'order_status',
    'as_of',
    'occurrence_id',
    'obligation_id',
    'title',
    'status',
    'nominal_due_on',
    'due_on',
    'days_late',
    'satisfied_on',
    'pending_allegations',
    'assumed',
    'owner',
    'owner_email',
  ],
  rows: statusRows,
};

/** `deadlines --format csv`: one row per open or overdue deadline, with the rule that computed it. */
export const deadlinesCsv = (d: DeadlinesData): CsvTable => ({
  columns: [
    'due_on',
    'order_id',
    'occurrence_id',
    'obligation_id',
    'title',
    'status',
    'nominal_due_on',
    'days_late',
    'rule',
    'extended_to',
    'owner',
    'owner_email',
  ],
  rows: d.deadlines.map((x) => [
    x.dueOn,
    x.orderId,
    x.id,
    x.obligationId,
    x.title,
    x.status,
    x.nominalDueOn,
    x.daysLate,
    x.computation.rule,
    x.computation.extension?.newDueOn,
    x.owner?.owner.name,
    x.owner?.owner.email,
  ]),
});

/** `exposure --format csv`: one row per occurrence and basis; amounts as exact decimals with their currency. */
export const EXPOSURE_CSV: CsvInTurn<ExposureData['orders'][number]> = {
  columns: [
    'order_id',
    'occurrence_id',
    'obligation_id',
    'status',
    'basis',
    'cause',
    'violation_id',
    'from',
    'through',
    'days',
    'days_counted',
    'amount',
    'currency',
    'principal',
    'interest',
    'citation',
  ],
  rows: (o) =>
    o.exposures.map((x) => [
      o.orderId,
      x.occurrenceId,
      x.obligationId,
      x.status,
      x.basis,
      x.cause,
      x.violationId,
      x.since,
      x.through,
      x.days,
      x.daysCounted,
      amount(x.amount),
      (x.amount ?? x.principal)?.currency,
      amount(x.principal),
      amount(x.interest),
      x.citation,
    ]),
};

/** `ledger --format csv`: one row per order and currency. */
export const LEDGER_CSV: CsvInTurn<LedgerData['orders'][number]> = {
  columns: ['order_id', 'currency', 'imposed', 'paid', 'outstanding'],
  rows: (o) =>
    o.lines.map((l) => [
      o.orderId,
      l.currency,
      decimalAmount(l.imposedMinor, l.currency),
      decimalAmount(l.paidMinor, l.currency),
      decimalAmount(l.outstandingMinor, l.currency),
    ]),
};

/** `docket --format csv`: one row per entry, in effective-date order within each order. */
export const DOCKET_CSV: CsvInTurn<DocketData['orders'][number]> = {
  columns: [
    'order_id',
    'effective_on',
    'recorded_at',
    'event_id',
    'type',
    'side',
    'actor_role',
    'actor_name',
    'summary',
    'source',
    'retracted',
  ],
  rows: (o) =>
    o.entries.map((e) => [
      o.orderId,
      e.effectiveOn,
      e.recordedAt,
      e.eventId,
      e.type,
      e.side,
      e.actor.role,
      e.actor.name,
      e.summary,
      e.source,
      e.retracted === true,
    ]),
};
