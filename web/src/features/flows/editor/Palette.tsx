import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Input } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { GROUP_TONE, NODE_GROUPS, NODE_KINDS } from '../catalog';
import type { NodeType } from '../types';
import { PALETTE_MIME } from './Canvas';
import { FlowIcon } from './icons';

/**
 * The node kinds by group: dragged onto the canvas (mouse), or tapped/clicked to add next to the selected node
 * (touch and keyboard). The start node is offered only when the flow has none.
 */
export function Palette({ onAdd, hasStart, disabled }: { onAdd: (type: NodeType) => void; hasStart: boolean; disabled?: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = q.trim().toLowerCase();
  const kinds = NODE_KINDS.filter((k) => (k.type !== 'start' || !hasStart) && (!query || t(`flows.kinds.${k.type}.name`).toLowerCase().includes(query) || t(`flows.kinds.${k.type}.description`).toLowerCase().includes(query)));
  const groups = [...(hasStart ? [] : (['start'] as const)), ...NODE_GROUPS];
  return (
    <div className="flex h-full flex-col" data-testid="flow-palette">
      <div className="border-b border-slate-100 p-3">
        <Input controlSize="sm" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('flows.palette.search')} aria-label={t('flows.palette.search')} />
        <p className="mt-2 text-[11px] leading-snug text-slate-500">{t('flows.palette.hint')}</p>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-3">
        {groups.map((g) => {
          const items = kinds.filter((k) => k.group === g);
          if (items.length === 0) return null;
          return (
            <section key={g}>
              <h3 className="mb-1.5 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{t(`flows.palette.groups.${g}`)}</h3>
              <ul className="space-y-1">
                {items.map((k) => (
                  <li key={k.type}>
                    <button
                      type="button"
                      draggable={!disabled}
                      disabled={disabled}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(PALETTE_MIME, k.type);
                        e.dataTransfer.effectAllowed = 'copy';
                      }}
                      onClick={() => onAdd(k.type)}
                      className="group flex w-full cursor-grab items-start gap-2 rounded-lg border border-transparent px-2 py-1.5 text-start transition hover:border-slate-200 hover:bg-white hover:shadow-xs active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
                      title={t(`flows.kinds.${k.type}.description`)}
                      data-testid="palette-item"
                      data-node-type={k.type}
                    >
                      <span className={cn('mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-lg', g === 'start' ? 'bg-success-50 text-success-700' : GROUP_TONE[g])}>
                        <FlowIcon name={k.type} className="size-4" />
                      </span>
                      <span className="min-w-0">
                        <span className="block text-sm font-medium text-slate-800">{t(`flows.kinds.${k.type}.name`)}</span>
                        <span className="line-clamp-2 block text-[11px] leading-snug text-slate-500">{t(`flows.kinds.${k.type}.description`)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {kinds.length === 0 && <p className="text-sm text-slate-500">{t('flows.palette.none')}</p>}
      </div>
    </div>
  );
}
