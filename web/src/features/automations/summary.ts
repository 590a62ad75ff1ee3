//! One-line sentences of a rule's trigger, conditions and actions (the list, the editor's preview), in the current
//! language. Pure: the translate function and the names of labels, people, flows ... are passed in.
import type { Action, Condition, Conditions, Trigger } from './types';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Display names by id (or key, for contact fields); undefined when the thing is unknown (deleted, not loaded). */
export interface Names {
  label: (id: string) => string | undefined;
  member: (id: string) => string | undefined;
  team: (id: string) => string | undefined;
  flow: (id: string) => string | undefined;
  stage: (id: string) => string | undefined;
  endpoint: (id: string) => string | undefined;
  field: (key: string) => string | undefined;
  connection: (id: string) => string | undefined;
}

export const NO_NAMES: Names = {
  label: () => undefined,
  member: () => undefined,
  team: () => undefined,
  flow: () => undefined,
  stage: () => undefined,
  endpoint: () => undefined,
  field: () => undefined,
  connection: () => undefined,
};

const S = 'automations.summary';

/** A list read out as a sentence: "a", "a or b", "a, b or c" (the word joining the last two is `lastJoin`'s). */
export function listOf(t: Translate, items: string[], lastJoin: 'or' | 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1).join(t(`${S}.comma`));
  return t(`${S}.${lastJoin}List`, { head, last: items[items.length - 1] });
}

/**
 * Text from the data (keywords, names) inside a sentence, as a bidi isolate (FSI … PDI): an English label in an Arabic
 * sentence, or the reverse, keeps its place and does not pull the punctuation around it to the wrong side.
 */
export const isolate = (s: string) => `\u2068${s}\u2069`;

const quoted = (t: Translate, s: string) => t(`${S}.quoted`, { text: isolate(s) });

function named(t: Translate, name: string | undefined): string {
  return name === undefined ? t(`${S}.unknown`) : isolate(name);
}

export function triggerSummary(t: Translate, trigger: Trigger, names: Names = NO_NAMES): string {
  switch (trigger.kind) {
    case 'messageReceived': {
      const words = trigger.keywords ?? [];
      return words.length === 0
        ? t(`${S}.trigger.anyMessage`)
        : t(`${S}.trigger.keywords`, { words: listOf(t, words.map((w) => quoted(t, w)), 'or') });
    }
    case 'conversationStatusChanged':
      return trigger.status ? t(`${S}.trigger.statusTo`, { status: t(`automations.status.${trigger.status}`) }) : t(`${S}.trigger.statusAny`);
    case 'labelAdded':
    case 'labelRemoved':
      return trigger.labelId
        ? t(`${S}.trigger.${trigger.kind}One`, { label: named(t, names.label(trigger.labelId)) })
        : t(`${S}.trigger.${trigger.kind}Any`);
    case 'contactFieldChanged':
      return trigger.field ? t(`${S}.trigger.fieldOne`, { field: isolate(names.field(trigger.field) ?? trigger.field) }) : t(`${S}.trigger.fieldAny`);
    case 'dealStageChanged':
      return trigger.stageId ? t(`${S}.trigger.stageOne`, { stage: named(t, names.stage(trigger.stageId)) }) : t(`${S}.trigger.stageAny`);
    case 'noAgentReply':
      return t(`${S}.trigger.noAgentReply`, { n: trigger.minutes });
    case 'noCustomerReply':
      return t(`${S}.trigger.noCustomerReply`, { n: trigger.hours });
    case 'schedule':
      return t(`${S}.trigger.schedule`, { cron: isolate(trigger.cron) });
    default:
      return t(`${S}.trigger.${trigger.kind}`);
  }
}

export function conditionSummary(t: Translate, c: Condition, names: Names = NO_NAMES): string {
  switch (c.type) {
    case 'messageText':
      return t(`${S}.condition.text.${c.op}`, { value: quoted(t, c.value) });
    case 'contactField': {
      const field = isolate(names.field(c.field) ?? c.field);
      return t(`${S}.condition.field.${c.op}`, { field, value: quoted(t, c.value ?? '') });
    }
    case 'label':
      return t(`${S}.condition.${c.has ? 'hasLabel' : 'lacksLabel'}`, { label: named(t, names.label(c.labelId)) });
    case 'consent':
      return t(`${S}.condition.consent`, { status: t(`automations.consent.${c.status}`) });
    case 'conversationStatus':
      return t(`${S}.condition.status`, { statuses: listOf(t, c.statuses.map((s) => t(`automations.status.${s}`)), 'or') });
    case 'number':
      return t(`${S}.condition.number`, { numbers: listOf(t, c.connectionIds.map((id) => named(t, names.connection(id))), 'or') });
    case 'businessHours':
      return t(`${S}.condition.${c.open ? 'open' : 'closed'}`);
    case 'timeOfDay': {
      const days = c.weekdays ?? [];
      const when = t(`${S}.condition.time`, { from: c.from, to: c.to });
      return days.length === 0 || days.length === 7
        ? when
        : t(`${S}.condition.timeOn`, { time: when, days: listOf(t, days.map((d) => t(`automations.weekday.${d}`)), 'or') });
    }
  }
}

/** "Always" with no condition; one group as its items joined by and/or; groups in brackets joined the same way. */
export function conditionsSummary(t: Translate, conditions: Conditions, names: Names = NO_NAMES): string {
  const groups = (conditions.groups ?? []).filter((g) => g.items.length > 0);
  if (groups.length === 0) return t(`${S}.always`);
  const join = (parts: string[], m: 'all' | 'any' | undefined) => listOf(t, parts, m === 'any' ? 'or' : 'and');
  const texts = groups.map((g) => {
    const text = join(g.items.map((c) => conditionSummary(t, c, names)), g.match);
    // Brackets only where several groups of several items could read ambiguously.
    return groups.length > 1 && g.items.length > 1 ? t(`${S}.bracket`, { text }) : text;
  });
  return join(texts, conditions.match);
}

export function actionSummary(t: Translate, a: Action, names: Names = NO_NAMES): string {
  switch (a.type) {
    case 'sendText':
      return t(`${S}.action.sendText`, { text: quoted(t, a.text.length > 40 ? `${a.text.slice(0, 40)}…` : a.text) });
    case 'sendTemplate':
      return t(`${S}.action.sendTemplate`, { name: isolate(a.name), language: isolate(a.language) });
    case 'assign': {
      const who = [a.userId ? named(t, names.member(a.userId)) : null, a.teamId ? named(t, names.team(a.teamId)) : null].filter((x): x is string => x !== null);
      return t(`${S}.action.assign`, { who: listOf(t, who, 'and') });
    }
    case 'addLabel':
    case 'removeLabel':
      return t(`${S}.action.${a.type}`, { label: named(t, names.label(a.labelId)) });
    case 'setField':
      return t(`${S}.action.setField`, { field: isolate(names.field(a.field) ?? a.field), value: quoted(t, Array.isArray(a.value) ? a.value.join(', ') : String(a.value ?? '')) });
    case 'setStatus':
      return a.status === 'snoozed'
        ? t(`${S}.action.snooze`, { n: a.snoozeMinutes ?? 0 })
        : t(`${S}.action.setStatus`, { status: t(`automations.status.${a.status}`) });
    case 'startFlow':
      return t(`${S}.action.startFlow`, { flow: named(t, names.flow(a.flowId)) });
    case 'createTicket':
      return t(`${S}.action.createTicket`, { subject: quoted(t, a.subject) });
    case 'createDeal':
      return t(`${S}.action.createDeal`, { title: quoted(t, a.title) });
    case 'webhook':
      return t(`${S}.action.webhook`, { endpoint: named(t, names.endpoint(a.endpointId)) });
    case 'mailMember':
      return t(`${S}.action.mailMember`, { member: named(t, names.member(a.userId)) });
    case 'stopOtherRules':
      return t(`${S}.action.stopOtherRules`);
  }
}

export function actionsSummary(t: Translate, actions: Action[], names: Names = NO_NAMES): string {
  return actions.map((a) => actionSummary(t, a, names)).join(t(`${S}.then`));
}
