//! Automation rule shapes (crates/services/src/automations/model.rs) and the closed lists the editor walks over.
//!
//! The trigger, condition and action unions are written here rather than taken from the generated schema: the
//! OpenAPI document names their id fields in snake_case (`label_id`) while the API reads and writes camelCase
//! (`labelId`), and its `Condition` schema is the CRM segments' one (same name). The rest comes from the contract.
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type Match = 'all' | 'any';

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export type Trigger =
  | { kind: 'messageReceived'; keywords?: string[] }
  | { kind: 'conversationCreated' }
  | { kind: 'conversationStatusChanged'; status?: string | null }
  | { kind: 'conversationAssigned' }
  | { kind: 'labelAdded'; labelId?: string | null }
  | { kind: 'labelRemoved'; labelId?: string | null }
  | { kind: 'contactCreated' }
  | { kind: 'contactFieldChanged'; field?: string | null }
  | { kind: 'dealStageChanged'; stageId?: string | null }
  | { kind: 'ticketCreated' }
  | { kind: 'noAgentReply'; minutes: number }
  | { kind: 'noCustomerReply'; hours: number }
  | { kind: 'schedule'; cron: string };
export type TriggerKind = Trigger['kind'];

/** In the order the trigger picker offers them, grouped as the picker shows them. */
export const TRIGGER_GROUPS: { group: 'messages' | 'conversations' | 'crm' | 'timers'; kinds: TriggerKind[] }[] = [
  { group: 'messages', kinds: ['messageReceived'] },
  { group: 'conversations', kinds: ['conversationCreated', 'conversationStatusChanged', 'conversationAssigned', 'labelAdded', 'labelRemoved'] },
  { group: 'crm', kinds: ['contactCreated', 'contactFieldChanged', 'dealStageChanged', 'ticketCreated'] },
  { group: 'timers', kinds: ['noAgentReply', 'noCustomerReply', 'schedule'] },
];
export const TRIGGER_KINDS: TriggerKind[] = TRIGGER_GROUPS.flatMap((g) => g.kinds);

export const TEXT_OPS = ['contains', 'notContains', 'equals', 'startsWith'] as const;
export type TextOp = (typeof TEXT_OPS)[number];
export const FIELD_OPS = ['equals', 'notEquals', 'contains', 'isSet', 'isNotSet'] as const;
export type FieldOp = (typeof FIELD_OPS)[number];
export const CONSENT_STATUSES = ['opted_in', 'opted_out', 'unknown'] as const;

export type Condition =
  | { type: 'messageText'; op: TextOp; value: string }
  | { type: 'contactField'; field: string; op: FieldOp; value?: string | null }
  | { type: 'label'; has: boolean; labelId: string }
  | { type: 'consent'; status: string }
  | { type: 'conversationStatus'; statuses: string[] }
  | { type: 'number'; connectionIds: string[] }
  | { type: 'businessHours'; open: boolean }
  | { type: 'timeOfDay'; from: string; to: string; weekdays?: number[] };
export type ConditionType = Condition['type'];
export const CONDITION_TYPES: ConditionType[] = ['messageText', 'contactField', 'label', 'consent', 'conversationStatus', 'number', 'businessHours', 'timeOfDay'];

export interface ConditionGroup {
  match?: Match;
  items: Condition[];
}

export interface Conditions {
  match?: Match;
  groups?: ConditionGroup[];
}

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export type Action =
  | { type: 'sendText'; text: string }
  | { type: 'sendTemplate'; name: string; language: string; components?: unknown[] }
  | { type: 'assign'; userId?: string | null; teamId?: string | null }
  | { type: 'addLabel'; labelId: string }
  | { type: 'removeLabel'; labelId: string }
  | { type: 'setField'; field: string; value: unknown }
  | { type: 'setStatus'; status: string; snoozeMinutes?: number | null }
  | { type: 'startFlow'; flowId: string }
  | { type: 'createTicket'; subject: string; priority?: string | null }
  | { type: 'createDeal'; title: string; value?: number | null }
  | { type: 'webhook'; endpointId: string }
  | { type: 'mailMember'; userId: string; subject: string; text: string }
  | { type: 'stopOtherRules' };
export type ActionType = Action['type'];
export const ACTION_TYPES: ActionType[] = [
  'sendText',
  'sendTemplate',
  'assign',
  'addLabel',
  'removeLabel',
  'setField',
  'setStatus',
  'startFlow',
  'createTicket',
  'createDeal',
  'webhook',
  'mailMember',
  'stopOtherRules',
];

type RuleParts = 'trigger' | 'conditions' | 'actions';

/** A rule as the API answers it. */
export type Automation = Omit<Schemas['Automation'], RuleParts> & { trigger: Trigger; conditions: Conditions; actions: Action[] };

export type CreateAutomationInput = Omit<Schemas['CreateAutomationInput'], RuleParts> & {
  trigger: Trigger;
  conditions?: Conditions;
  actions: Action[];
};
export type UpdateAutomationInput = Omit<Schemas['UpdateAutomationInput'], RuleParts> & {
  trigger?: Trigger;
  conditions?: Conditions;
  actions?: Action[];
};

/** One action's result in a run: `{type, ok, error?, ...}`. */
export interface ActionResult {
  type: string;
  ok: boolean;
  error?: string;
}
export type AutomationRun = Omit<Schemas['AutomationRun'], 'actions'> & { actions: ActionResult[] };
export interface AutomationRunPage {
  items: AutomationRun[];
  nextBefore?: number | null;
}

export const RUN_STATUSES = ['matched', 'skipped', 'failed', 'loop_guarded'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
