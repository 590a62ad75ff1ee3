//! Every node kind's canvas component and settings form, by type. `nodeTypes` is built once, at module scope, as
//! React Flow requires (a new object per render would remount every node).
import type { NodeTypes } from '@xyflow/react';
import type { ComponentType } from 'react';
import type { NodeType } from '../../types';
import type { SettingsProps } from '../settings/types';
import { StartNode } from './start/Node';
import { StartSettings } from './start/Settings';
import { SendMessageNode } from './sendMessage/Node';
import { SendMessageSettings } from './sendMessage/Settings';
import { SendTemplateNode } from './sendTemplate/Node';
import { SendTemplateSettings } from './sendTemplate/Settings';
import { AskNode } from './ask/Node';
import { AskSettings } from './ask/Settings';
import { CaptureNode } from './capture/Node';
import { CaptureSettings } from './capture/Settings';
import { ConditionNode } from './condition/Node';
import { ConditionSettings } from './condition/Settings';
import { SetVariableNode } from './setVariable/Node';
import { SetVariableSettings } from './setVariable/Settings';
import { WaitNode } from './wait/Node';
import { WaitSettings } from './wait/Settings';
import { WaitForReplyNode } from './waitForReply/Node';
import { WaitForReplySettings } from './waitForReply/Settings';
import { BusinessHoursNode } from './businessHours/Node';
import { BusinessHoursSettings } from './businessHours/Settings';
import { RandomSplitNode } from './randomSplit/Node';
import { RandomSplitSettings } from './randomSplit/Settings';
import { HttpNode } from './http/Node';
import { HttpSettings } from './http/Settings';
import { WebhookNode } from './webhook/Node';
import { WebhookSettings } from './webhook/Settings';
import { AssignNode } from './assign/Node';
import { AssignSettings } from './assign/Settings';
import { LabelNode } from './label/Node';
import { LabelSettings } from './label/Settings';
import { UpdateFieldNode } from './updateField/Node';
import { UpdateFieldSettings } from './updateField/Settings';
import { SetConsentNode } from './setConsent/Node';
import { SetConsentSettings } from './setConsent/Settings';
import { StartFlowNode } from './startFlow/Node';
import { StartFlowSettings } from './startFlow/Settings';
import { JumpNode } from './jump/Node';
import { JumpSettings } from './jump/Settings';
import { HandoffNode } from './handoff/Node';
import { HandoffSettings } from './handoff/Settings';
import { EndNode } from './end/Node';
import { EndSettings } from './end/Settings';

export const nodeTypes = {
  start: StartNode,
  sendMessage: SendMessageNode,
  sendTemplate: SendTemplateNode,
  ask: AskNode,
  capture: CaptureNode,
  condition: ConditionNode,
  setVariable: SetVariableNode,
  wait: WaitNode,
  waitForReply: WaitForReplyNode,
  businessHours: BusinessHoursNode,
  randomSplit: RandomSplitNode,
  http: HttpNode,
  webhook: WebhookNode,
  assign: AssignNode,
  label: LabelNode,
  updateField: UpdateFieldNode,
  setConsent: SetConsentNode,
  startFlow: StartFlowNode,
  jump: JumpNode,
  handoff: HandoffNode,
  end: EndNode,
} satisfies NodeTypes;

export const nodeSettings: { [K in NodeType]: ComponentType<SettingsProps<K>> } = {
  start: StartSettings,
  sendMessage: SendMessageSettings,
  sendTemplate: SendTemplateSettings,
  ask: AskSettings,
  capture: CaptureSettings,
  condition: ConditionSettings,
  setVariable: SetVariableSettings,
  wait: WaitSettings,
  waitForReply: WaitForReplySettings,
  businessHours: BusinessHoursSettings,
  randomSplit: RandomSplitSettings,
  http: HttpSettings,
  webhook: WebhookSettings,
  assign: AssignSettings,
  label: LabelSettings,
  updateField: UpdateFieldSettings,
  setConsent: SetConsentSettings,
  startFlow: StartFlowSettings,
  jump: JumpSettings,
  handoff: HandoffSettings,
  end: EndSettings,
};
