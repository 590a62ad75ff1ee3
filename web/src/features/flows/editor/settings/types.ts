import type { NodeData, NodeType } from '../../types';

/** What a node kind's settings form gets: the node's data and how to change it (`key` names the field, so typing in
 * one field is one undo step). */
export interface SettingsProps<K extends NodeType> {
  id: string;
  data: NodeData<K>;
  onChange: (data: NodeData<K>, key?: string) => void;
}
