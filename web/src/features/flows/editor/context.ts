//! What the canvas's nodes read besides their own settings: issues, the sandbox's lit path, analytics figures,
//! names of what they refer to (agents, teams, flows, other nodes), and the flow's trigger for the start node.
//! One context instead of per-node props, so node `data` stays the saved JSON.
import { createContext, useContext } from 'react';
import type { PathLight } from '../transcript';
import type { FlowIssue, FlowTrigger, NodeFigures } from '../types';

export interface CanvasNames {
  users: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
  flows: ReadonlyMap<string, string>;
  fields: ReadonlyMap<string, string>;
}

export interface CanvasInfo {
  issues: ReadonlyMap<string, FlowIssue[]>;
  /** The sandbox run's path, when a test is going on. */
  light: PathLight | null;
  /** The node the test run is at (pulsing). */
  current: string | null;
  /** Per-node run figures, when analytics are shown. */
  figures: ReadonlyMap<string, NodeFigures> | null;
  readOnly: boolean;
  trigger: FlowTrigger | null;
  names: CanvasNames;
}

const NONE = new Map<string, never>();

export const EMPTY_CANVAS: CanvasInfo = {
  issues: NONE,
  light: null,
  current: null,
  figures: null,
  readOnly: false,
  trigger: null,
  names: { users: NONE, teams: NONE, flows: NONE, fields: NONE },
};

export const CanvasContext = createContext<CanvasInfo>(EMPTY_CANVAS);

export function useCanvasInfo(): CanvasInfo {
  return useContext(CanvasContext);
}
