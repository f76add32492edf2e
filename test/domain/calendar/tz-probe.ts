// Run by time-zones.spec.ts in a child process under a given TZ: prints what the calendar computes.
import { eachDay, observedFederalHolidays, rollForward } from '../../../domain/calendar/index.js';
import { d } from './support.js';

const holidays: Record<number, readonly string[]> = {};
for (let year = 2019; year <= 2030; year += 1) holidays[year] = observedFederalHolidays(year);
const rolls = Array.from(
  eachDay(d('2021-01-01'), d('2023-12-31')),
  (day) => `${day}>${rollForward(day)}`,
);
// The zone's offset proves the TZ variable took effect; it is reported apart from the results.
const offsetMinutes = new Date(Date.UTC(2022, 0, 1)).getTimezoneOffset();
process.stdout.write(JSON.stringify({ offsetMinutes, result: { holidays, rolls } }));
