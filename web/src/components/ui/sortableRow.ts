//! The row side of `SortableList` (./Sortable.tsx): the hook a row uses, and the move a list makes.
import { arrayMove, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { CSSProperties } from 'react';

/** The ids with the one at `from` moved to `to`, or null when that is no move. */
export function moved(ids: string[], from: number, to: number): string[] | null {
  if (from < 0 || to < 0 || from >= ids.length || to >= ids.length || from === to) return null;
  return arrayMove(ids, from, to);
}

/** What a row of a `SortableList` needs: its element's ref and style, whether it is being dragged, and its handle. */
export function useSortableRow(id: string) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const style: CSSProperties = { transform: CSS.Transform.toString(transform), transition };
  const handle = { ref: setActivatorNodeRef, ...attributes, ...listeners };
  return { ref: setNodeRef, style, isDragging, handle };
}
