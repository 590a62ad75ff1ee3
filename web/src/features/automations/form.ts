//! The editor's draft of a rule and its mapping to and from the API. A draft row keeps every setting of every kind
//! as text (what inputs hold), so switching a row's kind and back loses nothing; only the chosen kind's settings are
//! sent. Also: the field paths the API may name in a 422 (`actions[2].labelId`), so each error shows by its field.
import type { Action, ActionType, Automation, Condition, ConditionType, CreateAutomationInput, FieldOp, Match, TextOp, Trigger, TriggerKind } from './types';

let nextKey = 0;
/** A stable React key (and drag id) for a row the person adds. */
export const rowKey = () => `row-${++nextKey}`;

export interface TriggerDraft {
  kind: TriggerKind;
  keywords: string[];
  status: string;
  labelId: string;
  field: string;
  stageId: string;
  minutes: string;
  hours: string;
  cron: string;
}

export interface ConditionDraft {
  key: string;
  type: ConditionType;
  textOp: TextOp;
  fieldOp: FieldOp;
  value: string;
  field: string;
  has: boolean;
  labelId: string;
  consent: string;
  statuses: string[];
  connectionIds: string[];
  open: boolean;
  from: string;
  to: string;
  weekdays: number[];
}

export interface GroupDraft {
  key: string;
  match: Match;
  items: ConditionDraft[];
}

export interface ActionDraft {
  key: string;
  type: ActionType;
  text: string;
  templateName: string;
  language: string;
  /** Template components as JSON text (the send API's shape). */
  components: string;
  userId: string;
  teamId: string;
  labelId: string;
  field: string;
  fieldValue: string;
  status: string;
  snoozeMinutes: string;
  flowId: string;
  subject: string;
  priority: string;
  title: string;
  dealValue: string;
  endpointId: string;
}

export interface RuleDraft {
  name: string;
  description: string;
  enabled: boolean;
  trigger: TriggerDraft;
  match: Match;
  groups: GroupDraft[];
  actions: ActionDraft[];
}

export function emptyTrigger(kind: TriggerKind = 'messageReceived'): TriggerDraft {
  return { kind, keywords: [], status: '', labelId: '', field: '', stageId: '', minutes: '30', hours: '24', cron: '0 9 * * 1-5' };
}

export function emptyCondition(type: ConditionType = 'messageText'): ConditionDraft {
  return {
    key: rowKey(),
    type,
    textOp: 'contains',
    fieldOp: 'equals',
    value: '',
    field: '',
    has: true,
    labelId: '',
    consent: 'opted_in',
    statuses: ['open'],
    connectionIds: [],
    open: true,
    from: '09:00',
    to: '17:00',
    weekdays: [],
  };
}

export function emptyGroup(): GroupDraft {
  return { key: rowKey(), match: 'all', items: [emptyCondition()] };
}

export function emptyAction(type: ActionType = 'addLabel'): ActionDraft {
  return {
    key: rowKey(),
    type,
    text: '',
    templateName: '',
    language: 'en',
    components: '',
    userId: '',
    teamId: '',
    labelId: '',
    field: '',
    fieldValue: '',
    status: 'resolved',
    snoozeMinutes: '60',
    flowId: '',
    subject: '',
    priority: '',
    title: '',
    dealValue: '',
    endpointId: '',
  };
}

export function emptyDraft(): RuleDraft {
  return { name: '', description: '', enabled: true, trigger: emptyTrigger(), match: 'all', groups: [], actions: [emptyAction()] };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function triggerToDraft(t: Trigger): TriggerDraft {
  const d = emptyTrigger(t.kind);
  switch (t.kind) {
    case 'messageReceived':
      return { ...d, keywords: t.keywords ?? [] };
    case 'conversationStatusChanged':
      return { ...d, status: text(t.status) };
    case 'labelAdded':
    case 'labelRemoved':
      return { ...d, labelId: text(t.labelId) };
    case 'contactFieldChanged':
      return { ...d, field: text(t.field) };
    case 'dealStageChanged':
      return { ...d, stageId: text(t.stageId) };
    case 'noAgentReply':
      return { ...d, minutes: text(t.minutes) };
    case 'noCustomerReply':
      return { ...d, hours: text(t.hours) };
    case 'schedule':
      return { ...d, cron: t.cron };
    default:
      return d;
  }
}

export function conditionToDraft(c: Condition): ConditionDraft {
  const d = emptyCondition(c.type);
  switch (c.type) {
    case 'messageText':
      return { ...d, textOp: c.op, value: c.value };
    case 'contactField':
      return { ...d, field: c.field, fieldOp: c.op, value: text(c.value) };
    case 'label':
      return { ...d, has: c.has, labelId: c.labelId };
    case 'consent':
      return { ...d, consent: c.status };
    case 'conversationStatus':
      return { ...d, statuses: c.statuses };
    case 'number':
      return { ...d, connectionIds: c.connectionIds };
    case 'businessHours':
      return { ...d, open: c.open };
    case 'timeOfDay':
      return { ...d, from: c.from, to: c.to, weekdays: c.weekdays ?? [] };
  }
}

export function actionToDraft(a: Action): ActionDraft {
  const d = emptyAction(a.type);
  switch (a.type) {
    case 'sendText':
      return { ...d, text: a.text };
    case 'sendTemplate':
      return { ...d, templateName: a.name, language: a.language, components: a.components && a.components.length > 0 ? JSON.stringify(a.components) : '' };
    case 'assign':
      return { ...d, userId: text(a.userId), teamId: text(a.teamId) };
    case 'addLabel':
    case 'removeLabel':
      return { ...d, labelId: a.labelId };
    case 'setField':
      return { ...d, field: a.field, fieldValue: Array.isArray(a.value) ? a.value.join(', ') : text(a.value) };
    case 'setStatus':
      return { ...d, status: a.status, snoozeMinutes: a.snoozeMinutes ? String(a.snoozeMinutes) : d.snoozeMinutes };
    case 'startFlow':
      return { ...d, flowId: a.flowId };
    case 'createTicket':
      return { ...d, subject: a.subject, priority: text(a.priority) };
    case 'createDeal':
      return { ...d, title: a.title, dealValue: text(a.value) };
    case 'webhook':
      return { ...d, endpointId: a.endpointId };
    case 'mailMember':
      return { ...d, userId: a.userId, subject: a.subject, text: a.text };
    case 'stopOtherRules':
      return d;
  }
}

export function ruleToDraft(rule: Automation): RuleDraft {
  return {
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    trigger: triggerToDraft(rule.trigger),
    match: rule.conditions.match ?? 'all',
    groups: (rule.conditions.groups ?? []).map((g) => ({ key: rowKey(), match: g.match ?? 'all', items: g.items.map(conditionToDraft) })),
    actions: rule.actions.map(actionToDraft),
  };
}

/** A whole number from an input, or NaN when it is not one (the API then names the field). */
function int(s: string): number {
  return /^\s*-?\d+\s*$/.test(s) ? Number(s) : Number.NaN;
}
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Keywords as the person typed them: split on commas and new lines, trimmed, blanks and repeats left out. */
export function splitKeywords(raw: string): string[] {
  const out: string[] = [];
  for (const k of raw.split(/[,\n،]/)) {
    const w = k.trim();
    if (w && !out.some((o) => o.toLowerCase() === w.toLowerCase())) out.push(w);
  }
  return out;
}

export function draftToTrigger(d: TriggerDraft): Trigger {
  switch (d.kind) {
    case 'messageReceived':
      return { kind: d.kind, keywords: d.keywords };
    case 'conversationStatusChanged':
      return { kind: d.kind, status: orNull(d.status) };
    case 'labelAdded':
    case 'labelRemoved':
      return { kind: d.kind, labelId: orNull(d.labelId) };
    case 'contactFieldChanged':
      return { kind: d.kind, field: orNull(d.field) };
    case 'dealStageChanged':
      return { kind: d.kind, stageId: orNull(d.stageId) };
    case 'noAgentReply':
      return { kind: d.kind, minutes: int(d.minutes) };
    case 'noCustomerReply':
      return { kind: d.kind, hours: int(d.hours) };
    case 'schedule':
      return { kind: d.kind, cron: d.cron.trim().replace(/\s+/g, ' ') };
    default:
      return { kind: d.kind };
  }
}

export function draftToCondition(d: ConditionDraft): Condition {
  switch (d.type) {
    case 'messageText':
      return { type: d.type, op: d.textOp, value: d.value.trim() };
    case 'contactField':
      return { type: d.type, field: d.field, op: d.fieldOp, value: d.fieldOp === 'isSet' || d.fieldOp === 'isNotSet' ? null : d.value.trim() };
    case 'label':
      return { type: d.type, has: d.has, labelId: d.labelId };
    case 'consent':
      return { type: d.type, status: d.consent };
    case 'conversationStatus':
      return { type: d.type, statuses: d.statuses };
    case 'number':
      return { type: d.type, connectionIds: d.connectionIds };
    case 'businessHours':
      return { type: d.type, open: d.open };
    case 'timeOfDay':
      return { type: d.type, from: d.from, to: d.to, weekdays: [...d.weekdays].sort((a, b) => a - b) };
  }
}

/**
 * A custom field's value as the API checks it against the field's kind: numbers as numbers, yes/no as booleans,
 * a multi-select as a list; anything that does not read as its kind is sent as typed, for the API to refuse by name.
 */
export function fieldValue(raw: string, kind: string | undefined): unknown {
  const v = raw.trim();
  if (kind === 'number' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  if (kind === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
  if (kind === 'multi_select') return v === '' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean);
  return v;
}

/** Template components from their JSON text: none when empty, undefined also when it is not a JSON list (`localProblems` says so). */
function components(raw: string): unknown[] | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `fieldKinds`: each contact field's kind by key (for `setField`). */
export function draftToAction(d: ActionDraft, fieldKinds: Record<string, string> = {}): Action {
  switch (d.type) {
    case 'sendText':
      return { type: d.type, text: d.text };
    case 'sendTemplate':
      return { type: d.type, name: d.templateName.trim(), language: d.language.trim(), components: components(d.components) };
    case 'assign':
      return { type: d.type, userId: orNull(d.userId), teamId: orNull(d.teamId) };
    case 'addLabel':
    case 'removeLabel':
      return { type: d.type, labelId: d.labelId };
    case 'setField':
      return { type: d.type, field: d.field, value: fieldValue(d.fieldValue, fieldKinds[d.field]) };
    case 'setStatus':
      return { type: d.type, status: d.status, snoozeMinutes: d.status === 'snoozed' ? int(d.snoozeMinutes) : null };
    case 'startFlow':
      return { type: d.type, flowId: d.flowId };
    case 'createTicket':
      return { type: d.type, subject: d.subject.trim(), priority: orNull(d.priority) };
    case 'createDeal':
      return { type: d.type, title: d.title.trim(), value: d.dealValue.trim() === '' ? null : Number(d.dealValue) };
    case 'webhook':
      return { type: d.type, endpointId: d.endpointId };
    case 'mailMember':
      return { type: d.type, userId: d.userId, subject: d.subject.trim(), text: d.text };
    case 'stopOtherRules':
      return { type: d.type };
  }
}

export function draftToInput(d: RuleDraft, fieldKinds: Record<string, string> = {}): CreateAutomationInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    enabled: d.enabled,
    trigger: draftToTrigger(d.trigger),
    conditions: { match: d.match, groups: d.groups.map((g) => ({ match: g.match, items: g.items.map(draftToCondition) })) },
    actions: d.actions.map((a) => draftToAction(a, fieldKinds)),
  };
}

/**
 * What the form checks before sending, by the same paths the API uses: an id a picker left empty or a number that is
 * not one would reach the API as "" or null, which it refuses as a malformed body without naming the field. The
 * rest (lengths, ranges, the cron) the API checks and names. Messages are i18n keys.
 */
export function localProblems(d: RuleDraft): Record<string, string> {
  const out: Record<string, string> = {};
  const need = (path: string, v: string) => {
    if (v.trim() === '') out[path] = 'automations.errors.choose';
  };
  const whole = (path: string, v: string) => {
    if (Number.isNaN(int(v))) out[path] = 'automations.errors.wholeNumber';
  };
  if (d.trigger.kind === 'noAgentReply') whole('trigger.minutes', d.trigger.minutes);
  if (d.trigger.kind === 'noCustomerReply') whole('trigger.hours', d.trigger.hours);
  d.groups.forEach((g, gi) =>
    g.items.forEach((c, ii) => {
      const p = (k: string) => `conditions.groups[${gi}].items[${ii}].${k}`;
      if (c.type === 'label') need(p('labelId'), c.labelId);
      if (c.type === 'contactField') need(p('field'), c.field);
    }),
  );
  d.actions.forEach((a, i) => {
    const p = (k: string) => `actions[${i}].${k}`;
    if (a.type === 'addLabel' || a.type === 'removeLabel') need(p('labelId'), a.labelId);
    if (a.type === 'startFlow') need(p('flowId'), a.flowId);
    if (a.type === 'webhook') need(p('endpointId'), a.endpointId);
    if (a.type === 'mailMember') need(p('userId'), a.userId);
    if (a.type === 'setField') need(p('field'), a.field);
    if (a.type === 'assign' && a.userId === '' && a.teamId === '') out[p('userId')] = 'automations.errors.assignSomeone';
    if (a.type === 'setStatus' && a.status === 'snoozed') whole(p('snoozeMinutes'), a.snoozeMinutes);
    if (a.type === 'createDeal' && a.dealValue.trim() !== '' && !Number.isFinite(Number(a.dealValue))) out[p('value')] = 'automations.errors.number';
    if (a.type === 'sendTemplate' && a.components.trim() !== '' && components(a.components) === undefined) out[p('components')] = 'automations.errors.jsonList';
  });
  return out;
}

const TRIGGER_FIELDS = ['keywords', 'status', 'labelId', 'field', 'stageId', 'minutes', 'hours', 'cron'];
const CONDITION_FIELDS = ['op', 'value', 'field', 'has', 'labelId', 'status', 'statuses', 'connectionIds', 'open', 'from', 'to', 'weekdays'];
const ACTION_FIELDS = [
  'text', 'name', 'language', 'components', 'userId', 'teamId', 'labelId', 'field', 'value', 'status', 'snoozeMinutes',
  'flowId', 'subject', 'priority', 'title', 'endpointId',
];

/** Every field path of the draft the API may name in a validation error (the others join the form's message). */
export function fieldPaths(d: RuleDraft): string[] {
  const paths = ['name', 'description', 'trigger', 'conditions', 'conditions.groups', 'actions'];
  paths.push(...TRIGGER_FIELDS.map((f) => `trigger.${f}`));
  d.groups.forEach((g, gi) => {
    paths.push(`conditions.groups[${gi}].items`);
    g.items.forEach((_, ii) => paths.push(...CONDITION_FIELDS.map((f) => `conditions.groups[${gi}].items[${ii}].${f}`)));
  });
  d.actions.forEach((_, i) => paths.push(`actions[${i}]`, ...ACTION_FIELDS.map((f) => `actions[${i}].${f}`)));
  return paths;
}

/** Moves the item at `from` by `by` places (within the list); the list itself when it cannot move. */
export function move<T>(list: readonly T[], from: number, by: number): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  out.splice(to, 0, ...out.splice(from, 1));
  return out;
}
