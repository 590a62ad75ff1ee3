//! A vertical list reordered by dragging a row's handle or with the keyboard (dnd-kit), announcing each move to screen
//! readers, and the handle its rows are dragged by (their hook is in ./sortableRow.ts). Imported directly, not through the `ui` index: dnd-kit belongs
//! to the pages that sort things (route chunks), not to the first page.
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';
import { moved, type useSortableRow } from './sortableRow';
import { Grip } from './Switch';

/** Where a list's drag announcements live: `<prefix>.picked`, `.over`, `.dropped`, `.cancelled` (each with `name` and
 * `position`) and `.instructions`. */
type DndStrings = 'adminBilling.plans.dnd' | 'automations.dnd';

interface SortableListProps {
  ids: string[];
  nameOf: (id: string) => string;
  /** The ids in their new order. */
  onReorder: (ids: string[]) => void;
  strings: DndStrings;
  children: ReactNode;
}

export function SortableList({ ids, nameOf, onReorder, strings, children }: SortableListProps) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: UniqueIdentifier | undefined) => nameOf(String(id));
  const position = (id: UniqueIdentifier | undefined) => ids.indexOf(String(id)) + 1;
  const say = (what: 'picked' | 'over' | 'dropped' | 'cancelled', id: UniqueIdentifier, at?: UniqueIdentifier) =>
    t(`${strings}.${what}`, { name: name(id), position: position(at ?? id) });
  const announcements: Announcements = {
    onDragStart: ({ active }) => say('picked', active.id),
    onDragOver: ({ active, over }) => (over ? say('over', active.id, over.id) : undefined),
    onDragEnd: ({ active, over }) => (over ? say('dropped', active.id, over.id) : say('cancelled', active.id)),
    onDragCancel: ({ active }) => say('cancelled', active.id),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const next = moved(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
    if (next) onReorder(next);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t(`${strings}.instructions`) } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** The grip a row is dragged by (and moved with the keyboard: space, arrows, space). */
export function DragHandle({ handle, label, testId, className }: { handle: ReturnType<typeof useSortableRow>['handle']; label: string; testId: string; className?: string }) {
  return (
    <button
      type="button"
      className={cn(
        'shrink-0 cursor-grab touch-none rounded-lg p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-primary-500 active:cursor-grabbing',
        className,
      )}
      aria-label={label}
      data-testid={testId}
      {...handle}
    >
      <Grip />
    </button>
  );
}
