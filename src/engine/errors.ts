import { DecreeError, type FieldPath } from '../../domain/index.js';

/** A stored event that does not decode into the current schema (after upcasting). */
export class EventDecodingFailed extends DecreeError<'EVENT_DECODING_FAILED'> {
  override readonly name = 'EventDecodingFailed';
}

/** A query or command names an order the store does not hold (or, `notYetKnown`, held nothing of at the instant asked about). */
export class UnknownOrder extends DecreeError<'ORDER_NOT_FOUND'> {
  override readonly name = 'UnknownOrder';
  constructor(orderId: string, notYetKnown = false) {
    super(
      'ORDER_NOT_FOUND',
      notYetKnown
        ? `order "${orderId}" is in this store, but nothing of it had been recorded by the instant asked about (ask as known at a later instant, or leave --known-at out)`
        : `no order "${orderId}" in this store (file it first, or check --store)`,
      ['orderId'],
      { orderId },
    );
  }
}

/** An occurrence id that does not exist in the order on the date asked about. */
export class UnknownOccurrence extends DecreeError<'OCCURRENCE_NOT_FOUND'> {
  override readonly name = 'UnknownOccurrence';
  constructor(orderId: string, occurrenceId: string, asOf: string) {
    super(
      'OCCURRENCE_NOT_FOUND',
      `order "${orderId}" has no occurrence "${occurrenceId}" on ${asOf} (use <obligationId>/<key>, e.g. A-5/once or A-9/2023-05-26)`,
      ['occurrenceId'],
      { orderId, occurrenceId, asOf },
    );
  }
}

/** A query argument (a date, an instant, a window) that is not well formed. */
export class InvalidQuery extends DecreeError<'INVALID_QUERY'> {
  override readonly name = 'InvalidQuery';
  constructor(message: string, path: FieldPath) {
    super('INVALID_QUERY', message, path);
  }
}
