// What each event and each of its fields means, in the words docs/format.md and the published JSON
// Schema show. Attached to the schemas in order.events.ts; a field without a description does not
// compile. Where a field name means something else in one event, EVENT_FIELD_DOCS says so.

/** What each event type records (the first line of its entry in the format reference). */
export const EVENT_DOCS = {
  OrderFiled:
    'An order (stipulated order, consent decree, administrative order, judgment) is filed: the first fact of its stream.',
  OrderEntered:
    "The court or agency enters the order: its clocks start (deadlines counted from entry run from this event's date).",
  OrderModified:
    'The order is modified: a new term, day-counting rule or evidence record, from its effective date forward.',
  OrderTerminated:
    'The order ends: terminated, expired, vacated (void from the start) or superseded by another order.',
  ObligationImposed:
    'The order imposes a duty: a payment, report, certification, assessment, notice, program, prohibition, cooperation or recordkeeping, with its schedule.',
  ObligationAmended:
    "An obligation's terms change from the amendment's effective date forward (occurrences due before it keep their terms unless `retroactive`).",
  ObligationWaived:
    'An obligation (or one occurrence of it) is waived: nothing further is due; penalties already accrued stay unless `releasesAccrued`.',
  ObligationSuperseded:
    'An obligation is replaced by another obligation or order from its effective date: nothing due from then is due under it; what fell due before keeps its status (days late stop then).',
  ObligationAssigned:
    "The company names who answers for an obligation (or one occurrence of it): an owner and, optionally, a backup, from the assignment's effective date forward; it changes no status.",
  InformationDemanded:
    "A regulator demands information: creates a duty to answer by `dueOn`, or within `respondWithin` of the demand, counted by the order's day-counting rule.",
  DeadlineExtended:
    'A deadline is extended: the occurrence is due on `newDueOn` (a later date) instead.',
  SubmissionAccepted:
    'The regulator accepts a submission (needed where the obligation `requiresAcceptance`).',
  SubmissionRejected:
    'The regulator rejects a submission: the occurrence it was filed for is open again.',
  ViolationAlleged:
    'A violation is alleged: shown as pending in every answer until it is found, resolved or retracted; it changes no status by itself.',
  ViolationFound:
    'A violation is found: the occurrence (or the prohibition) is breached from the conduct period on.',
  AllegationResolved:
    'An allegation ends without a finding: withdrawn, dismissed, or resolved by a consent judgment without admission.',
  PenaltyAssessed:
    'A penalty is assessed: creates a payment obligation due on `dueOn`. Accepted after the order ended, for violations during its term.',
  AssessorApproved:
    'The regulator approves an independent assessor (for an assessment obligation, or for the order).',
  PaymentMade: 'The company pays towards a payment obligation (or one occurrence of it).',
  SubmissionFiled:
    'The company files a report, certification, assessment, notice or program document: the evidence for an occurrence.',
  IncidentDiscovered:
    'An incident is discovered: starts the clock of every obligation triggered by incidents whose condition it meets.',
  CorporateChangeOccurred:
    'A change in corporate structure (merger, sale, change of control): starts triggered notice duties.',
  ProductLaunched:
    'A product or service is launched: starts duties the order ties to launches (e.g. a privacy review before launch).',
  ViolationCured: 'The company cures a found violation: the breach ends the day before this date.',
  ExtensionRequested: 'The company asks for a later deadline; only a `DeadlineExtended` grants it.',
  PetitionFiled: 'The company petitions to modify, terminate or set aside the order.',
  PetitionDecided: 'A petition is decided: granted, denied or granted in part.',
  MotionDecided: 'A motion is decided: granted, denied or granted in part.',
  PublicStatementIssued:
    'A public statement is issued (a press release, a blog post): on the record, no duty changes.',
  ClosureDeclared:
    'The court or office was closed on a day (or days): they count as legal holidays when deadlines roll (FRCP 6(a)(3)).',
  EntryRetracted:
    'An earlier event, by id, is to be treated as never having happened, from the moment the retraction is recorded (the log keeps both).',
} as const;

/** Each data field's meaning, shared by every event that has a field of that name. */
export const FIELD_DOCS = {
  orderId:
    'The order\'s id: 1 to 128 letters, digits, ".", "_", ":" or "-". The stream is "order-<orderId>".',
  title: 'A short title, as the record names it.',
  kind: 'The kind, from the listed values.',
  forum:
    'The court or agency, e.g. "N.D. Cal." or "FTC". An administrative order is priced at the FTC Act\'s ceiling (15 U.S.C. 45(l)) only when its forum names the FTC ("FTC", "F.T.C." or "Federal Trade Commission").',
  docket: 'The docket or case number, e.g. "3:22-cv-03070".',
  dayCounting:
    'How the order counts days: { rule: "frcp6" | "ftc-4.3a" | "calendar" }. frcp6 (the default) rolls a deadline falling on a weekend or legal holiday to the next business day.',
  warningDays: 'How many days before a deadline an occurrence reads `due_soon` (default 30).',
  evidenceRecord:
    '"complete" (every submission is recorded in Decree: missing evidence is a default) or "partial" (a record rebuilt from public sources: missing evidence reads `unverified`).',
  termEndsOn: "The last day of the order's term (inclusive); recurring duties stop there.",
  summary: 'What happened, in a sentence.',
  retroactive:
    "True only when the order's text makes the change reach back to occurrences due before its effective date.",
  reason: 'Why, in a sentence.',
  successor: 'What replaces it.',
  obligationId:
    'The obligation\'s id within its order (1 to 128 letters, digits, ".", "_", ":" or "-").',
  schedule:
    'How the obligation becomes due: once, after an anchor, before a trigger, recurring, or ongoing (see Schedules).',
  clause: 'The section of the order that imposes it, e.g. "Provision II.A".',
  clauseText: "The clause's own words, quoted in explanations.",
  amount: 'An amount of money: { amountMinor, currency }.',
  stipulatedPenalties:
    'Stipulated penalty tiers for lateness and violations: [{ fromDay, toDay?, perDay }], days counted from the day after the deadline (a finding about days late continues their count).',
  requiresAcceptance:
    'True when a submission satisfies an occurrence only once the regulator accepts it.',
  interest:
    'Post-judgment interest on an unpaid payment: { annualRateBasisPoints, paymentApplication? } (payments go to the interest accrued first unless it says "principal_first").',
  changes: 'The terms that change; fields left out stay as they were.',
  occurrence:
    'Which occurrence: its nominal due date (YYYY-MM-DD) for recurring duties, "once" for a one-time duty, "ongoing" for a prohibition or program, or the triggering fact\'s id. Omitted: the only occurrence of a one-time or ongoing duty under the terms in force on the effective date (a finding\'s: the first day of its `period`); a recurring or triggered duty\'s must be named (OCCURRENCE_REQUIRED).',
  releasesAccrued:
    'True when the waiver also releases stipulated penalties already accrued (otherwise they stay owed).',
  owner: 'Who answers for the duty: { name, email }.',
  backup:
    "Who stands in when the owner cannot: { name, email }; a different e-mail from the owner's.",
  demandId: "The demand's id: the obligation to answer it is tracked under this id.",
  dueOn: 'The due date, YYYY-MM-DD.',
  respondWithin:
    "The time to answer, counted from the demand's date: { days } | { months } | { years }.",
  newDueOn: 'The new due date, YYYY-MM-DD; must be later than the current one.',
  submissionId:
    "The submission's id (named by the parties; referenced by acceptance or rejection).",
  violationId: "The violation's id: allegation, finding, cure and resolution name the same id.",
  period:
    'The conduct the finding covers: { from, to? } (inclusive; `to` omitted while it goes on).',
  count: 'How many violations the finding counts (for per-violation penalties).',
  resolution: 'How the allegation ended.',
  penaltyId: 'The id of the payment obligation the penalty creates.',
  assessor: "The assessor's name.",
  paymentId: "The payment's id (named by the parties).",
  incidentId: "The incident's id: the occurrence key of every duty it triggers.",
  usersAffected: 'How many users the incident affected (a measure trigger conditions can test).',
  measures:
    'Numbers the fact carries, by name, for trigger conditions, e.g. { "recordsExposed": 12000 }.',
  changeId: "The change's id: the occurrence key of every duty it triggers.",
  occursOn:
    'The day the change takes effect when it is recorded ahead of it; duties due "N days before" count back from it.',
  productId: "The product's id: the occurrence key of every duty it triggers.",
  requestId: "The request's id.",
  requestedDueOn: 'The due date asked for, YYYY-MM-DD.',
  petitionId: "The petition's id: its decision names the same id.",
  relief: 'What the petition asks for.',
  ruling: 'The outcome.',
  motionId: "The motion's id.",
  statementId: "The statement's id.",
  url: 'Where the statement is published.',
  closedOn: 'The first day closed, YYYY-MM-DD.',
  through: 'The last day closed (inclusive), when more than one.',
  eventId: 'The id (UUID) of the event to retract.',
} as const;

/** Where a field means something particular in one event. */
export const EVENT_FIELD_DOCS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  OrderFiled: {
    title: 'The order\'s title, e.g. "United States v. Twitter, Inc. (stipulated order)".',
    kind: 'The instrument: stipulated_order, consent_decree, administrative_order, judgment or other.',
    evidenceRecord:
      'The default for every obligation of the order: "complete" (missing evidence is a default) or "partial" (a record rebuilt from public sources: missing evidence reads `unverified`).',
  },
  OrderEntered: { termEndsOn: "The last day of the order's term, when the order sets one." },
  OrderModified: {
    summary: 'What the modification changes, in a sentence.',
    termEndsOn: 'The new last day of the term.',
    dayCounting: "The new day-counting rule, from the modification's date forward.",
    evidenceRecord: "The new default evidence record, from the modification's date forward.",
  },
  OrderTerminated: {
    kind: 'How it ended: terminated (by order, the default), expired, vacated (void from the start) or superseded.',
    successor: 'The order that replaces this one, when superseded.',
  },
  ObligationImposed: {
    title: 'The duty as the order names it, e.g. "Annual compliance certification".',
    kind: 'What kind of duty: payment, report, certification, assessment, notice, program, prohibition, cooperation or recordkeeping.',
    amount: 'What a payment obligation requires: { amountMinor, currency }.',
  },
  ObligationWaived: {
    occurrence: "The occurrence waived; omitted: the whole obligation from the waiver's date on.",
  },
  ObligationSuperseded: {
    successor: 'What replaces it: { orderId?, obligationId? }.',
    summary: 'What the supersession says, in a sentence.',
  },
  ObligationAssigned: {
    occurrence:
      "The occurrence assigned, whatever its deadline (e.g. one already overdue); omitted: the obligation's occurrences whose deadline falls on or after the assignment's date.",
  },
  InformationDemanded: { summary: 'What the demand asks for.' },
  DeadlineExtended: { reason: 'Why the deadline moved, in a sentence.' },
  PenaltyAssessed: {
    amount: 'The penalty: { amountMinor, currency }.',
    reason: 'What the penalty is for.',
  },
  AssessorApproved: {
    obligationId: 'The assessment obligation the approval is for; omitted: the order.',
  },
  PaymentMade: { amount: 'The amount paid: { amountMinor, currency }.' },
  SubmissionFiled: { title: 'What was filed, as titled.' },
  ClosureDeclared: {
    reason: 'Why it was closed (an executive order, weather, a lapse in appropriations).',
  },
  EntryRetracted: { reason: 'Why the entry is retracted.' },
};
