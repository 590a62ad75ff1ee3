import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import { columnDndId, findDeal, isSamePosition, moveDealInBoard, positionOf, resolveDrop, stageOfColumnDndId, weightedAmounts } from '../board';
import { formatAmounts } from '../format';
import { useMoveDeal } from '../hooks/useDeals';
import type { Board, BoardColumn, Deal } from '../types';
import { DealCard } from './DealCard';

function SortableDeal({ deal, onOpen }: { deal: Deal; onOpen: (deal: Deal) => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id, data: { type: 'deal' } });
  return (
    <DealCard
      deal={deal}
      cardRef={setNodeRef}
      dragging={isDragging}
      onOpen={onOpen}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      onClick={() => onOpen(deal)}
      {...attributes}
      {...listeners}
    />
  );
}

function Column({ column, onOpen }: { column: BoardColumn; onOpen: (deal: Deal) => void }) {
  const { t, i18n } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: columnDndId(column.stage.id), data: { type: 'column' } });
  const ids = useMemo(() => column.deals.map((d) => d.id), [column.deals]);
  const headingId = `stage-${column.stage.id}-title`;
  return (
    <section
      className="flex max-h-[calc(100dvh-15rem)] min-h-64 w-[17.5rem] shrink-0 snap-start flex-col rounded-2xl border border-slate-200/80 bg-slate-100/70 sm:w-72"
      data-testid="deal-column"
      data-stage-id={column.stage.id}
      aria-labelledby={headingId}
    >
      <header className="border-b border-slate-200/70 px-3 pt-3 pb-2">
        <div className="flex items-center gap-2">
          <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: column.stage.color }} aria-hidden="true" />
          <h2 id={headingId} className="min-w-0 flex-1 truncate text-sm font-semibold text-slate-800">
            {column.stage.name}
          </h2>
          <span className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums" data-testid="column-count" aria-label={t('deals.board.count', { count: column.count, n: column.count })}>
            {formatNumber(column.count, i18n.language)}
          </span>
        </div>
        <dl className="mt-1.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
          <div className="flex gap-1">
            <dt>{t('deals.board.total')}</dt>
            <dd className="font-medium text-slate-700 tabular-nums" data-testid="column-value">
              {formatAmounts(column.amounts, i18n.language, true)}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt>{t('deals.board.weighted', { probability: column.stage.probability })}</dt>
            <dd className="font-medium text-slate-700 tabular-nums" data-testid="column-weighted">
              {formatAmounts(weightedAmounts(column.amounts), i18n.language, true)}
            </dd>
          </div>
        </dl>
      </header>
      <SortableContext id={column.stage.id} items={ids} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className={`flex min-h-24 flex-1 flex-col gap-2 overflow-y-auto p-2 transition-colors ${isOver ? 'bg-primary-50/60' : ''}`}>
          {column.deals.map((deal) => (
            <SortableDeal key={deal.id} deal={deal} onOpen={onOpen} />
          ))}
          {column.deals.length === 0 && <p className="px-2 py-6 text-center text-xs text-slate-400">{t('deals.board.emptyColumn')}</p>}
        </div>
      </SortableContext>
    </section>
  );
}

/**
 * The kanban board of one pipeline: a column per stage; deals are dragged between and within columns with the
 * pointer or the keyboard (Space to lift, arrows to move, Space to drop, Escape to cancel), saved at once.
 */
export function DealBoard({ board, pipelineId, onOpen }: { board: Board; pipelineId: string; onOpen: (deal: Deal) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const move = useMoveDeal(pipelineId);
  const [preview, setPreview] = useState<Board | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const origin = useRef<{ stageId: string; beforeId: string | null } | null>(null);
  const dropToken = useRef(0);
  const shown = preview ?? board;

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const idOf = (id: UniqueIdentifier | undefined | null) => (id === undefined || id === null ? null : String(id));

  const onDragStart = ({ active }: DragStartEvent) => {
    const id = String(active.id);
    origin.current = positionOf(board, id);
    dropToken.current += 1;
    setActiveId(id);
    setPreview(board);
    move.reset();
  };

  // Across columns the card joins the column it is over while it moves, so that column makes room for it. At most
  // once per frame: the move reshapes both columns, the collision check can then name the old column again, and
  // answering every such flip in the same frame loops until React gives up (update depth exceeded) — it did on a
  // slow machine.
  const justMoved = useRef(false);
  const onDragOver = ({ active, over }: DragOverEvent) => {
    const overId = idOf(over?.id);
    if (!overId || justMoved.current) return;
    justMoved.current = true;
    requestAnimationFrame(() => {
      justMoved.current = false;
    });
    setPreview((current) => {
      const base = current ?? board;
      const from = findDeal(base, String(active.id));
      const overStage = stageOfColumnDndId(overId) ?? findDeal(base, overId)?.column.stage.id;
      if (!from || !overStage || overStage === from.column.stage.id) return current;
      const to = resolveDrop(base, String(active.id), overId);
      return to ? moveDealInBoard(base, String(active.id), to.stageId, to.beforeId) : current;
    });
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const base = preview ?? board;
    const to = resolveDrop(base, id, idOf(over?.id));
    const final = to ? moveDealInBoard(base, id, to.stageId, to.beforeId) : base;
    const where = positionOf(final, id);
    setActiveId(null);
    if (!where || isSamePosition(origin.current, where)) {
      setPreview(null);
      return;
    }
    // The final arrangement stays on screen until the cache has it (optimistic update), then the cache shows.
    setPreview(final);
    const token = dropToken.current;
    move.mutate(
      { dealId: id, stageId: where.stageId, beforeId: where.beforeId },
      {
        onSettled: () => {
          if (dropToken.current === token) setPreview(null);
        },
      },
    );
  };

  const onDragCancel = () => {
    setActiveId(null);
    setPreview(null);
  };

  // What a screen reader hears while a deal moves.
  const describe = (id: UniqueIdentifier | null | undefined) => {
    const key = idOf(id);
    if (!key) return null;
    const stageId = stageOfColumnDndId(key);
    if (stageId) {
      const column = shown.columns.find((c) => c.stage.id === stageId);
      return column ? { stage: column.stage.name, position: column.deals.length + 1 } : null;
    }
    const found = findDeal(shown, key);
    return found ? { stage: found.column.stage.name, position: found.index + 1 } : null;
  };
  const titleOf = (id: UniqueIdentifier) => findDeal(shown, String(id))?.deal.title ?? findDeal(board, String(id))?.deal.title ?? '';

  const announcements: Announcements = {
    onDragStart: ({ active }) => t('deals.dnd.picked', { title: titleOf(active.id), stage: describe(active.id)?.stage ?? '' }),
    onDragOver: ({ active, over }) => {
      const at = describe(over?.id);
      return at ? t('deals.dnd.over', { title: titleOf(active.id), stage: at.stage, position: at.position }) : t('deals.dnd.outside', { title: titleOf(active.id) });
    },
    onDragEnd: ({ active, over }) => {
      const at = describe(over?.id);
      return at ? t('deals.dnd.dropped', { title: titleOf(active.id), stage: at.stage, position: at.position }) : t('deals.dnd.cancelled', { title: titleOf(active.id) });
    },
    onDragCancel: ({ active }) => t('deals.dnd.cancelled', { title: titleOf(active.id) }),
  };

  const active = activeId ? findDeal(shown, activeId)?.deal : null;

  return (
    <div className="space-y-3">
      {move.isError && (
        <Alert tone="danger" className="max-w-xl">
          {t('deals.board.moveFailed', { reason: errorText(move.error) })}
        </Alert>
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('deals.dnd.instructions') } }}
      >
        <div
          className="-mx-4 flex snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 pb-3 sm:mx-0 sm:snap-none sm:scroll-px-0 sm:px-0"
          data-testid="deal-board"
          role="region"
          aria-label={t('deals.board.label', { name: board.pipeline.name })}
        >
          {shown.columns.map((column) => (
            <Column key={column.stage.id} column={column} onOpen={onOpen} />
          ))}
        </div>
        <DragOverlay>{active ? <DealCard deal={active} overlay /> : null}</DragOverlay>
      </DndContext>
    </div>
  );
}
