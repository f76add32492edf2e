import { Rng } from './rng.js';

/** What a one-order volume history holds: how many monthly duties, over how many years. */
export interface VolumeOrderSpec {
  /** Monthly reporting duties imposed at entry (each report is filed and then accepted: two events a month). */
  readonly duties: number;
  /** Years the order runs; the duties fall due every month of it. */
  readonly years: number;
  /** Seed for which reports are filed late, rejected and refiled, or never filed. */
  readonly seed?: number;
}

/** About 100,000 events in one order: 42 monthly reports over a century (the volume of issue 20). */
export const CENTURY_OF_MONTHLY_REPORTS: VolumeOrderSpec = { duties: 42, years: 100 };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * One order's history as NDJSON import lines: an order entered on 1926-01-04 with `duties` monthly
 * reports due on the 15th, each filed (usually on time, sometimes late, rejected and refiled, or
 * never) and accepted, month after month for `years`. Deterministic for a spec.
 */
export function* volumeOrderLines(spec: VolumeOrderSpec): Generator<string> {
  const rng = new Rng(spec.seed ?? 20);
  const stream = 'order-volume';
  const startYear = 1926;
  const recorded = (on: string) => `${on}T12:00:00.000Z`;
  const line = (type: string, on: string, role: string, data: Record<string, unknown>) =>
    JSON.stringify({
      stream,
      recordedAt: recorded(on),
      id: rng.uuid(),
      type,
      schemaVersion: 1,
      data,
      metadata: { effectiveOn: on, actor: { role, name: role === 'company' ? 'Acme' : 'Agency' } },
    });
  const filed = `${startYear}-01-04`;
  const endYear = startYear + spec.years;
  yield line('OrderFiled', filed, 'regulator', {
    orderId: 'volume',
    title: 'A century of monthly reports',
    kind: 'administrative_order',
    forum: 'Agency',
  });
  yield line('OrderEntered', filed, 'regulator', { termEndsOn: `${endYear}-01-03` });
  for (let d = 0; d < spec.duties; d++)
    yield line('ObligationImposed', filed, 'regulator', {
      obligationId: `report-${pad(d, 3)}`,
      title: `Monthly report ${d + 1}`,
      kind: 'report',
      schedule: { kind: 'recurring', every: { months: 1 }, start: { on: `${startYear}-02-15` } },
    });
  let n = 0;
  for (let y = startYear; y < endYear; y++) {
    for (let m = 1; m <= 12; m++) {
      if (y === startYear && m === 1) continue;
      const key = `${y}-${pad(m)}-15`;
      const month: { on: string; type: string; role: string; data: Record<string, unknown> }[] = [];
      for (let d = 0; d < spec.duties; d++) {
        const roll = rng.next();
        if (roll < 0.002) continue; // never filed: overdue for good
        const day = roll < 0.02 ? 20 : 10; // a few are five days late
        const submissionId = `s-${(n += 1)}`;
        month.push({
          on: `${y}-${pad(m)}-${pad(day)}`,
          type: 'SubmissionFiled',
          role: 'company',
          data: {
            submissionId,
            obligationId: `report-${pad(d, 3)}`,
            occurrence: key,
            title: `Report for ${key}`,
          },
        });
        month.push({
          on: `${y}-${pad(m)}-${pad(day + 2)}`,
          type: 'SubmissionAccepted',
          role: 'regulator',
          data: { submissionId },
        });
      }
      // Recorded in the order they were learned (a backfill's rule): by date, stable within a day.
      month.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
      for (const e of month) yield line(e.type, e.on, e.role, e.data);
    }
  }
}
