import { z } from 'zod';
import { documented } from './documented.js';
import { DATE_PATTERN, FIRST_CALENDAR_DAY, isRealDate, LAST_CALENDAR_DAY } from './civil-date.js';

/**
 * A schema's own message for a value of the wrong kind, and none for a missing one, which the
 * parse's error map (`readableIssue`) says is required, with what the field takes.
 */
const unlessMissing =
  (message: string) =>
  (iss: { readonly input?: unknown }): string | undefined =>
    iss.input === undefined ? undefined : message;

/** A civil date in the court's calendar, `YYYY-MM-DD`; never a `Date` in some time zone. */
export const CalendarDate = z
  .string()
  .regex(DATE_PATTERN, { error: 'expected a civil date written YYYY-MM-DD', abort: true })
  .refine(isRealDate, {
    error: (iss) => `${String(iss.input)} is not a date that exists in the calendar`,
    abort: true,
  })
  .refine((s) => s >= FIRST_CALENDAR_DAY && s <= LAST_CALENDAR_DAY, {
    error: (iss) =>
      `${String(iss.input)} is outside the years 1800 to 2999 that Decree's legal calendar covers`,
  })
  .brand<'CalendarDate'>();
/** A civil date, `YYYY-MM-DD`, checked to exist. */
export type CalendarDate = z.infer<typeof CalendarDate>;

/** A UTC instant with exactly millisecond precision (`2022-05-26T17:00:00.000Z`), so instants sort as text. */
export const Instant = z.iso.datetime({ precision: 3 }).brand<'Instant'>();
/** A UTC instant, millisecond precision. */
export type Instant = z.infer<typeof Instant>;

const currencies = new Set(Intl.supportedValuesOf('currency'));
/** An ISO 4217 currency code such as `USD`. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'expected a three-letter ISO 4217 currency code such as USD' })
  .refine((c) => currencies.has(c), {
    error: (iss) => `${String(iss.input)} is not an ISO 4217 currency code`,
  });
/** An ISO 4217 currency code. */
export type Currency = z.infer<typeof Currency>;

/** Money as an integer count of minor units (cents for USD) and its currency; never a float. */
export const Money = z.strictObject(
  documented(
    {
      amountMinor: z.int({
        error: unlessMissing('expected a whole number of minor units (cents), within ±2^53'),
      }),
      currency: Currency,
    },
    {
      amountMinor:
        'The amount in minor units of the currency (cents for USD): USD 150,000,000 is 15000000000. A whole number, never a float.',
      currency: 'The ISO 4217 currency code, e.g. USD.',
    },
  ),
);
/** Money in integer minor units. */
export type Money = z.infer<typeof Money>;

const slug = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    error: `a ${what} is 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
  });

/** Identifies an order (one settlement instrument, one stream `order-<orderId>`). */
export const OrderId = slug('order id').brand<'OrderId'>();
/** Order identifier. */
export type OrderId = z.infer<typeof OrderId>;
/** Identifies an obligation within its order. */
export const ObligationId = slug('obligation id').brand<'ObligationId'>();
/** Obligation identifier. */
export type ObligationId = z.infer<typeof ObligationId>;
/** Identifies a fact the parties name themselves (a payment, a submission, an incident, a demand…). */
export const FactId = slug('fact id');
/** Identifier of a named fact. */
export type FactId = z.infer<typeof FactId>;
/** An event's id, a UUID: the idempotency key of the store. */
export const EventId = z
  .uuid({ error: unlessMissing('expected a UUID (the event id is its idempotency key)') })
  .regex(/^[^A-Z]*$/, {
    error:
      'expected the UUID in lower case: every store gives back the id it was given, and some change its case',
  });
/** Event identifier (UUID). */
export type EventId = z.infer<typeof EventId>;

/** Short human text (titles, reasons, summaries). */
export const Text = z.string().trim().min(1, { error: 'must not be empty' }).max(2000);

/** The stream that holds one order's events. */
export const orderStream = (orderId: string): string => `order-${orderId}`;
/** The order id a stream name stands for, or undefined when it is not an order stream. */
export const orderIdOfStream = (stream: string): string | undefined =>
  stream.startsWith('order-') ? stream.slice('order-'.length) : undefined;
