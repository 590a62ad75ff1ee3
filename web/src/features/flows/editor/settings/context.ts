//! What the node settings forms can choose from (variables, contact fields, labels, agents, teams, flows, nodes),
//! provided once by the settings panel.
import { createContext, useContext } from 'react';
import type { Agent, ContactField, Label, Team } from '../../../../api/types';
import type { FlowNode, FlowSummary } from '../../types';
import type { VariableChoice } from '../../variables';

/** What the forms can offer to choose from. */
export interface SettingsData {
  variables: VariableChoice[];
  fields: ContactField[];
  labels: Label[];
  agents: Agent[];
  teams: Team[];
  flows: FlowSummary[];
  nodes: FlowNode[];
  flowId: string;
  readOnly: boolean;
}

export const SettingsContext = createContext<SettingsData>({
  variables: [],
  fields: [],
  labels: [],
  agents: [],
  teams: [],
  flows: [],
  nodes: [],
  flowId: '',
  readOnly: false,
});

export const useSettingsData = () => useContext(SettingsContext);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a variable name is valid: letters, digits and _, not starting with a digit, at most 64. */
export function isVariableName(name: string): boolean {
  return NAME.test(name) && name.length <= 64;
}
