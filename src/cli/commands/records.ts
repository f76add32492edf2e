import type { Command } from 'commander';
import type { Engine, QueryOptions } from '../../engine/engine.types.js';
import { parseOccurrenceRef } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { docketTable, formatExplain } from '../format/docket.js';
import { exposureTotals } from '../../../projections/index.js';
import { exposureTable, ledgerTable } from '../format/money.js';
import { DOCKET_CSV, EXPOSURE_CSV, LEDGER_CSV } from '../format/csv.js';
import { LISTING, type Done } from './queries.js';
import {
  eachOrderInTurn,
  emit,
  emitEach,
  ordersOf,
  storeOf,
  whenOf,
  withBaseFlags,
  withEngine,
  withExamples,
  withOrderFlag,
  withTimeFlags,
  type EachForms,
  type OutputFormat,
  type SharedFlags,
} from './shared.js';

/** Runs a per-order query over `--order` or every order, printing each order's answer as it comes (`emitEach`). */
const perOrder = <T>(
  ctx: CliContext,
  flags: SharedFlags,
  command: string,
  q: QueryOptions & { asOf: string },
  fn: (engine: Engine, id: string, q: QueryOptions) => Promise<T>,
  forms: EachForms<T>,
): Promise<void> =>
  withEngine(ctx, storeOf(ctx, flags, true), (engine) =>
    emitEach(
      ctx,
      flags,
      command,
      q,
      'orders',
      eachOrderInTurn(engine, flags.order, (id) => fn(engine, id, q)),
      forms,
    ),
  );

const query = (cmd: Command, formats?: readonly OutputFormat[]): Command =>
  withOrderFlag(withTimeFlags(withBaseFlags(cmd, formats)));

/** `decree exposure`: penalty exposure accrued by a date, one row per occurrence and basis. */
export const registerExposure = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    query(
      program
        .command('exposure')
        .description(
          "penalty exposure accrued by a date: stipulated tiers, the statutory ceiling (FTC orders), contempt and other agencies' penalties (not quantified), unpaid money with interest; subtotals per basis and currency",
        ),
      LISTING,
    ),
    [
      'decree exposure --order ftc-c4316 --as-of 2023-06-30',
      'decree exposure --format json',
      'decree exposure --format csv > exposure.csv',
    ],
  ).action(async (flags: SharedFlags) => {
    const when = whenOf(ctx, flags);
    await perOrder(
      ctx,
      flags,
      'exposure',
      when,
      async (engine, orderId, q) => {
        const exposures = await engine.exposure(orderId, q);
        return { orderId, exposures, totals: exposureTotals(exposures) };
      },
      { table: () => exposureTable(when.asOf), csv: EXPOSURE_CSV },
    );
    done(EXIT.ok);
  });
};

/** `decree ledger`: money imposed, paid and outstanding. */
export const registerLedger = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    query(
      program
        .command('ledger')
        .description('penalty ledger: money imposed, paid and outstanding, per currency'),
      LISTING,
    ),
    ['decree ledger --order us-v-twitter-2022', 'decree ledger --as-of 2022-06-01 --format json'],
  ).action(async (flags: SharedFlags) => {
    const when = whenOf(ctx, flags);
    await perOrder(
      ctx,
      flags,
      'ledger',
      when,
      async (engine, orderId, q) => ({ orderId, lines: await engine.ledger(orderId, q) }),
      { table: () => ledgerTable(when.asOf), csv: LEDGER_CSV },
    );
    done(EXIT.ok);
  });
};

/** `decree docket`: every fact of an order in effective-date order. */
export const registerDocket = (program: Command, ctx: CliContext, done: Done): void => {
  withExamples(
    query(
      program
        .command('docket')
        .description('the docket: every fact of an order, by effective date'),
      LISTING,
    ),
    [
      'decree docket --order ftc-c4316',
      'decree docket --known-at 2022-06-01T00:00:00Z --format json',
    ],
  ).action(async (flags: SharedFlags) => {
    const when = whenOf(ctx, flags);
    await perOrder(
      ctx,
      flags,
      'docket',
      when,
      async (engine, orderId, q) => ({ orderId, entries: await engine.docket(orderId, q) }),
      { table: () => docketTable(when.asOf), csv: DOCKET_CSV },
    );
    done(EXIT.ok);
  });
};

/** The one order `explain` looks in: `--order`, or the only order in the store. */
const explainOrder = async (engine: Engine, order: string | undefined): Promise<string> => {
  const ids = await ordersOf(engine, order);
  if (ids.length === 1 && ids[0] !== undefined) return ids[0];
  throw new CliError(
    ids.length === 0
      ? 'no orders in the store'
      : `which order? use --order <id> (orders: ${ids.join(', ')})`,
  );
};

/** `decree explain <obligationId>/<key>`: why an occurrence has its status. */
export const registerExplain = (program: Command, ctx: CliContext, done: Done): void => {
  const cmd = program
    .command('explain')
    .description(
      'why an occurrence has its status: how its deadline was computed, the facts that decided it (date, actor, source, clause), those considered that did not, and the assumed inputs',
    )
    .argument('<occurrence>', 'the occurrence, written <obligationId>/<key> (as listed by status)');
  withExamples(query(cmd), [
    'decree explain A-5-privacy-security-program/once --order ftc-c4316 --as-of 2023-01-01',
    'decree explain S-1-civil-penalty/once --order us-v-twitter-2022 --format json',
  ]).action(async (occurrence: string, flags: SharedFlags) => {
    const ref = parseOccurrenceRef(occurrence);
    const when = whenOf(ctx, flags);
    const data = await withEngine(ctx, storeOf(ctx, flags, true), async (engine) => {
      const orderId = await explainOrder(engine, flags.order);
      const x = await engine.explain(orderId, ref.id, when);
      return {
        orderId,
        occurrenceId: ref.id,
        answer: x.answer,
        events: x.events,
        considered: x.considered,
        computation: x.computation,
        noEvidence: x.noEvidence,
      };
    });
    await emit(ctx, flags, 'explain', when, data, formatExplain);
    done(EXIT.ok);
  });
};
