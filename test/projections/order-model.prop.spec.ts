// The stored form of an order's read model: `deserializeOrderModel` reads back the model that was
// written, `orderModelHeader` its revision and recorded times without decoding its facts, and
// `orderModelSketch` its facts without the record of sources, the largest records decoded only
// when read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ownEntry,
  sourceOf,
  type CalendarDate,
  type OrderFacts,
  type Provenance,
} from '../../domain/index.js';
import { setEntry } from '../../domain/shared/records.js';
import {
  backfilledFacts,
  deserializeOrderModel,
  modelToKeep,
  orderStatusOn,
  foldEntries,
  modelOf,
  orderModelHeader,
  orderModelSketch,
  orderProjection,
  seenIn,
  seenOf,
  serializeOrderModel,
  sketchOfModel,
  type OrderLogEntry,
  type OrderModel,
} from '../../projections/index.js';
import { orderHistoryArb } from '../../src/testing/index.js';
import { orderFcParams } from '../support/fc-params.js';
import { fcParams } from './support.js';

const modelArb = fc
  .tuple(
    orderHistoryArb({ minCommands: 1, maxCommands: 25 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  )
  .map(([h, orderId]) => {
    const entries: OrderLogEntry[] = h.events.map((event, i) => ({
      orderId,
      streamRevision: i,
      event,
      recordedAt: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    }));
    return modelOf(foldEntries(orderProjection.initial(orderId), entries));
  });

/** A model with one obligation, one occurrence and one source, written by hand. */
const small = {
  orderId: 'o-1',
  revision: 2,
  firstRecordedAt: 'a',
  lastRecordedAt: 'b',
  facts: {
    phase: 'filed',
    obligations: { 'I-report': { id: 'I-report' } },
    occurrences: { 'I-report/once': { evidence: [], extensions: [] } },
    submissions: {},
    provenance: { 'e-1': { type: 'OrderFiled', actor: 'FTC' } },
  },
  seen: 'e-1\n',
} as unknown as OrderModel;

describe('stored order model', () => {
  it('reads back the model written, and its header alone as the model has it', () => {
    let withFacts = 0;
    fc.assert(
      fc.property(modelArb, (model) => {
        const text = serializeOrderModel(model);
        expect(deserializeOrderModel(text)).toEqual(model);
        const { orderId, revision, firstRecordedAt, lastRecordedAt } = model;
        expect(orderModelHeader(text)).toStrictEqual({
          orderId,
          revision,
          firstRecordedAt,
          lastRecordedAt,
        });
        const sketch = orderModelSketch(text);
        const { provenance: _sources, ...facts } = model.facts;
        expect(sketch.facts).toEqual(facts); // all but the record of sources
        expect(sketch.seen).toBe(model.seen);
        expect([sketch.orderId, sketch.revision, sketch.lastRecordedAt]).toEqual([
          orderId,
          revision,
          lastRecordedAt,
        ]);
        expect(serializeOrderModel(deserializeOrderModel(text))).toBe(text);
        if (Object.keys(model.facts.obligations).length > 0) withFacts++;
      }),
      orderFcParams(),
    );
    expect(withFacts).toBeGreaterThan(50); // most models carry facts the header leaves undecoded
  });

  it("decodes every model's facts, and every sketch's, with the same members in the same order, whatever order the fold added them in", () => {
    const folded = new Set<string>();
    const decoded = new Set<string>();
    const sketched = new Set<string>();
    fc.assert(
      fc.property(modelArb, (model) => {
        const text = serializeOrderModel(model);
        folded.add(Object.keys(model.facts).join());
        decoded.add(Object.keys(deserializeOrderModel(text).facts).join());
        sketched.add(Object.keys(orderModelSketch(text).facts).join());
      }),
      orderFcParams(),
    );
    expect(folded.size).toBeGreaterThan(1); // histories whose folds added optional members in other orders, or not at all
    expect(decoded.size).toBe(1); // one hidden class for V8 to optimize the queries' code for
    expect(sketched.size).toBe(1);
  });

  it('leaves each of the last records undecoded until it is read', () => {
    const text = serializeOrderModel(small);
    expect(
      text.endsWith(
        ',"provenance":[["e-1"],[{"type":"OrderFiled","actor":"FTC"}]],"seen":"e-1\\n"}',
      ),
    ).toBe(true);
    // Two records' texts broken, their lengths kept: the sketch decodes without them, the
    // occurrences until they are read, the record of sources never.
    const broken = text
      .replace('"actor":"FTC"', '"actor";"FTC"')
      .replace('"evidence":[]', '"evidence";[]');
    expect(() => deserializeOrderModel(broken)).toThrow(SyntaxError);
    const sketch = orderModelSketch(broken);
    expect(sketch.facts.phase).toBe('filed');
    expect(sketch.facts.obligations).toEqual(small.facts.obligations);
    expect(sketch.facts.submissions).toEqual({});
    expect(() => sketch.facts.occurrences).toThrow(SyntaxError);
    expect(sketch.seen).toBe('e-1\n');
    // `seen` is decoded with the sketch: broken, the text is decoded whole (and refused).
    expect(() => orderModelSketch(text.replace('"seen":"e-1\\n"', '"seen":"e-1\\q"'))).toThrow(
      SyntaxError,
    );
    // The model leaves its record of sources stored: its entries are decoded when looked up.
    const model = deserializeOrderModel(text.replace('"actor":"FTC"', '"actor";"FTC"'));
    expect(model.facts.occurrences).toEqual(small.facts.occurrences);
    expect(sourceOf(model.facts, 'e-2')).toBeUndefined();
    expect(() => sourceOf(model.facts, 'e-1')).toThrow(SyntaxError);
    expect(() => model.facts.provenance).toThrow(SyntaxError);
  });

  it('looks each source up alone, as the whole record answers, until the record is read or written', () => {
    const backfilledArb = fc.array(fc.boolean(), { maxLength: 40 });
    let lookedUp = 0;
    fc.assert(
      fc.property(modelArb, backfilledArb, fc.string({ maxLength: 6 }), (m, marks, other) => {
        // Some sources marked backfilled, as a backfill import marks them.
        const provenance = Object.fromEntries(
          Object.entries(m.facts.provenance).map(([id, p], i) => [
            id,
            marks[i] === true ? { ...p, backfilled: true as const } : p,
          ]),
        );
        const model = { ...m, facts: { ...m.facts, provenance } };
        const text = serializeOrderModel(model);
        const ids = [...Object.keys(provenance), other, 'toString', '__proto__'];
        // As decoded, and made fit to keep (its stored text copied out), with a lookup between.
        const kept = deserializeOrderModel(text);
        sourceOf(kept.facts, ids[0]!);
        for (const f of [modelToKeep(kept).facts, deserializeOrderModel(text).facts])
          for (const id of ids) expect(sourceOf(f, id)).toStrictEqual(ownEntry(provenance, id));
        const facts = deserializeOrderModel(text).facts;
        for (const id of ids) {
          expect(sourceOf(facts, id)).toStrictEqual(ownEntry(provenance, id));
          if (ownEntry(provenance, id) !== undefined) lookedUp++;
        }
        const count = Object.values(provenance).filter((p) => p.backfilled === true).length;
        expect(backfilledFacts(facts)).toBe(count);
        // Read whole, the record answers the lookups, changes in place included.
        expect(facts.provenance).toStrictEqual(provenance);
        const added = { type: 'OrderFiled', actor: 'X', backfilled: true } as const;
        setEntry(facts.provenance as Record<string, Provenance>, 'added', added);
        expect(sourceOf(facts, 'added')).toBe(added);
        expect(backfilledFacts(facts)).toBe(count + 1);
        // Written, the record written answers them.
        const again = deserializeOrderModel(text).facts as { provenance: OrderFacts['provenance'] };
        again.provenance = { added };
        expect(sourceOf(again as OrderFacts, 'added')).toBe(added);
        expect(sourceOf(again as OrderFacts, Object.keys(provenance)[0] ?? 'added')).toBe(
          Object.keys(provenance).length > 0 ? undefined : added,
        );
        // A copy of the facts (a fold's next state) reads its own record.
        const copy = { ...deserializeOrderModel(text).facts, provenance: {} };
        expect(sourceOf(copy, Object.keys(provenance)[0] ?? 'x')).toBeUndefined();
      }),
      orderFcParams(),
    );
    expect(lookedUp).toBeGreaterThan(500); // most models carry sources to look up
  });

  it('answers from a stored model as from the model, decoding only the sources the answer cites', () => {
    /** `text` with the stored value of source `id` made invalid JSON (its length kept). */
    const breakSource = (text: string, model: OrderModel, id: string): string => {
      const head = text.slice(0, text.indexOf(',"obligations":['));
      const lengths = JSON.parse(
        head.slice(head.lastIndexOf('"sources":') + 10).split(',"backfilled"')[0]!,
      ) as number[];
      const i = Object.keys(model.facts.provenance).indexOf(id);
      let at = text.indexOf(',"provenance":') + 14 + 1 + lengths[0]! + 2;
      for (let j = 0; j < i; j++) at += lengths[j + 1]! + 1;
      const value = text.slice(at, at + lengths[i + 1]!);
      expect(value).toContain('"type":');
      return (
        text.slice(0, at) + value.replace('"type":', '"type";') + text.slice(at + value.length)
      );
    };
    let uncitedBroken = 0;
    fc.assert(
      fc.property(modelArb, fc.integer({ min: -30, max: 1500 }), (model, days) => {
        const asOf = addDays(model.facts.filed?.on ?? ('2024-01-01' as CalendarDate), days);
        const text = serializeOrderModel(model);
        const answer = orderStatusOn(model.facts, asOf);
        expect(orderStatusOn(deserializeOrderModel(text).facts, asOf)).toStrictEqual(answer);
        const cited = new Set(
          answer.occurrences.flatMap((o) => [...o.because, ...o.allegations.map((a) => a.eventId)]),
        );
        const uncited = Object.keys(model.facts.provenance).find((id) => !cited.has(id));
        if (uncited === undefined) return;
        const brokenModel = deserializeOrderModel(breakSource(text, model, uncited));
        // A command's sketch of the stored model does not read its sources either.
        expect(sketchOfModel(brokenModel).facts).toEqual(sketchOfModel(model).facts); // JSON drops `undefined` members
        const broken = brokenModel.facts;
        expect(orderStatusOn(broken, asOf)).toStrictEqual(answer);
        expect(() => sourceOf(broken, uncited)).toThrow(SyntaxError);
        uncitedBroken++;
      }),
      orderFcParams(),
    );
    expect(uncitedBroken).toBeGreaterThan(50); // most answers leave some source uncited
  });

  it('decodes the record of sources whole when its lengths do not fit its text', () => {
    const text = serializeOrderModel(small);
    for (const lengths of ['[7,34]', '[7,36]', '[6,35]', '[7,35,2]', '[7]']) {
      const t = text.replace('"sources":[7,35]', `"sources":${lengths}`);
      expect(t).not.toBe(text);
      const facts = deserializeOrderModel(t).facts;
      expect(sourceOf(facts, 'e-1')).toStrictEqual(small.facts.provenance['e-1']);
      expect(facts.provenance).toStrictEqual(small.facts.provenance);
    }
  });

  it('gives every sketch the same getters, so sketches share their hidden classes', () => {
    const a = orderModelSketch(serializeOrderModel(small));
    const b = orderModelSketch(serializeOrderModel({ ...small, orderId: 'o-2' }));
    for (const k of ['obligations', 'occurrences', 'submissions'] as const) {
      const getter = (o: object) => Object.getOwnPropertyDescriptor(o, k)?.get;
      expect(getter(a.facts)).toBeTypeOf('function');
      expect(getter(a.facts)).toBe(getter(b.facts));
    }
    // A copy of the facts' descriptors decodes from the same texts.
    const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(a.facts)) as {
      occurrences: unknown;
    };
    expect(copy.occurrences).toEqual(small.facts.occurrences);
    expect(copy.occurrences).toBe(a.facts.occurrences);
    // Written, a record holds the value written, on that object alone.
    const written = { 'I-report/once': { evidence: [], extensions: [] } };
    copy.occurrences = written;
    expect(copy.occurrences).toBe(written);
    expect(Object.getOwnPropertyDescriptor(copy, 'occurrences')?.writable).toBe(true);
    expect(a.facts.occurrences).toEqual(small.facts.occurrences);
  });

  it('finds an id in `seen` exactly when the set of its lines holds it', () => {
    let found = 0;
    fc.assert(
      fc.property(
        modelArb,
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        (model, other, pick) => {
          const sketch = orderModelSketch(serializeOrderModel(model));
          const lines = model.seen.split('\n').filter((l) => l !== '');
          // A key listed (a whole line), a part of one, and any other string.
          const listed = lines[pick % Math.max(1, lines.length)];
          const keys = [other, ...(listed === undefined ? [] : [listed, listed.slice(1)])];
          for (const key of keys.filter((k) => k !== '' && !k.includes('\n'))) {
            const set = seenOf(model).has(key);
            expect(seenIn(model)(key)).toBe(set);
            expect(seenIn(sketch)(key)).toBe(set);
            if (set) found++;
          }
        },
      ),
      orderFcParams(),
    );
    expect(found).toBeGreaterThan(50); // most runs look up a key the model lists
  });

  it('decodes a text whose records are not where their lengths say, or of an older layout, whole', () => {
    const text = serializeOrderModel(small);
    const longer = text.replace('"id":"I-report"', '"id":"I-report, amended"'); // the stated length is now short
    const { provenance, ...facts } = small.facts;
    const { obligations, occurrences, submissions } = small.facts;
    // A layout with tail records as JSON objects: the header (with the tails' lengths, and `seen`
    // in it when not among the tails), then each tail record under its key.
    const objectLayout = (tails: Record<string, unknown>, header: object) => {
      const texts = Object.entries(tails).map(([k, v]) => `,"${k}":${JSON.stringify(v)}`);
      const lengths = Object.values(tails).map((v) => JSON.stringify(v).length);
      const { orderId, revision, firstRecordedAt, lastRecordedAt } = small;
      const head = { orderId, revision, firstRecordedAt, lastRecordedAt, tail: lengths, ...header };
      return `${JSON.stringify(head).slice(0, -1)}${texts.join('')}}`;
    };
    const version12 = objectLayout(
      { obligations, occurrences, submissions, provenance },
      { facts: { phase: 'filed' }, seen: small.seen },
    );
    const version13 = objectLayout(
      { obligations, occurrences, submissions, provenance, seen: small.seen },
      { facts: { phase: 'filed' } },
    );
    const older = [
      JSON.stringify(small), // every record inside the facts
      version12, // `seen` before the tail records, four lengths
      version13, // the tail records as JSON objects
      // the record of sources alone at the end, after its length
      `${JSON.stringify({ ...small, provenanceLength: JSON.stringify(provenance).length, facts }).slice(0, -1)},"provenance":${JSON.stringify(provenance)}}`,
    ];
    for (const t of [longer, ...older]) {
      const { provenance: _sources, ...whole } = deserializeOrderModel(t).facts;
      expect(orderModelSketch(t).facts).toEqual(whole);
      expect(orderModelSketch(t).seen).toBe(small.seen);
    }
    expect(orderModelSketch(longer).facts.obligations).toEqual({
      'I-report': { id: 'I-report, amended' },
    });
    for (const t of older) expect(deserializeOrderModel(t)).toEqual(small);
  });

  it('reads each record back with its own entries in their order, whatever the keys', () => {
    // Keys a record of ids could meet: `__proto__` (an own entry, as JSON.parse makes it),
    // integer-like keys (enumerated first, ascending), the empty key and any others.
    const keyArb = fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        '',
        '0',
        '7',
        '10',
        '4294967295',
        '-1',
        '1.5',
      ),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    const recordArb = fc.uniqueArray(fc.tuple(keyArb, fc.jsonValue()), {
      selector: ([k]) => k,
      maxLength: 12,
    });
    let withProto = 0;
    fc.assert(
      fc.property(fc.tuple(recordArb, recordArb, recordArb, recordArb), (lists) => {
        // Records as JSON.parse makes them (own `__proto__` included), which a fold's records match.
        const [obligations, occurrences, submissions, provenance] = lists.map(
          (pairs) =>
            JSON.parse(
              `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
            ) as Record<string, unknown>,
        );
        const model = {
          ...small,
          facts: { ...small.facts, obligations, occurrences, submissions, provenance },
        } as unknown as OrderModel;
        const text = serializeOrderModel(model);
        const back = deserializeOrderModel(text);
        const sketch = orderModelSketch(text);
        for (const k of ['obligations', 'occurrences', 'submissions', 'provenance'] as const) {
          const was = model.facts[k] as Record<string, unknown>;
          for (const r of k === 'provenance' ? [back.facts[k]] : [back.facts[k], sketch.facts[k]]) {
            expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
            expect(Object.entries(r)).toStrictEqual(Object.entries(was));
            expect(Object.hasOwn(r, '__proto__')).toBe(Object.hasOwn(was, '__proto__'));
          }
          if (Object.hasOwn(was, '__proto__')) withProto++;
        }
        expect(back).toEqual(model);
        expect(serializeOrderModel(back)).toBe(text);
      }),
      fcParams(200),
    );
    expect(withProto).toBeGreaterThan(20);
  });

  it('decodes the header without the facts', () => {
    const text =
      '{"orderId":"o-1","revision":4,"firstRecordedAt":"2024-01-01T00:00:00.000Z","lastRecordedAt":"2024-02-01T00:00:00.000Z","facts":{"phase":"filed",,"seen":""}';
    expect(orderModelHeader(text)).toEqual({
      orderId: 'o-1',
      revision: 4,
      firstRecordedAt: '2024-01-01T00:00:00.000Z',
      lastRecordedAt: '2024-02-01T00:00:00.000Z',
    });
    expect(() => deserializeOrderModel(text)).toThrow(SyntaxError);
  });

  it('decodes a text of another layout whole, even one whose strings hold the separator', () => {
    const header = {
      orderId: 'x,"facts":{',
      revision: 0,
      firstRecordedAt: 'a',
      lastRecordedAt: 'b',
    };
    const model = { ...header, facts: { phase: 'filed' }, seen: 'e-1\n' };
    const { facts, ...rest } = model;
    expect(orderModelHeader(JSON.stringify({ facts, ...rest }))).toEqual(header);
    expect(orderModelHeader(JSON.stringify(model))).toEqual(header);
    expect(() => orderModelHeader('{"orderId":1,"facts":')).toThrow(SyntaxError);
  });
});
