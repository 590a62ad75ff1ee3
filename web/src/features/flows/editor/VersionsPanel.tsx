import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ConfirmModal, Icon, QueryView } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import type { EditorGraph } from '../graph';
import { useVersionActions, useVersions } from '../hooks';
import { nodeText } from '../summary';
import type { Flow, FlowGraphDiff, FlowVersion } from '../types';
import { FlowIcon } from './icons';

function useNodeName(graph: EditorGraph) {
  const { t } = useTranslation();
  return (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    if (!n) return id;
    const text = nodeText(n);
    return `${t(`flows.kinds.${n.type}.name`)}${text ? ` · ${text}` : ''}`;
  };
}

function Changes({ diff, graph }: { diff: FlowGraphDiff; graph: EditorGraph }) {
  const { t } = useTranslation();
  const name = useNodeName(graph);
  const groups: ['added' | 'removed' | 'changed', string[], string][] = [
    ['added', diff.addedNodes, 'text-success-700'],
    ['removed', diff.removedNodes, 'text-danger-700'],
    ['changed', diff.changedNodes, 'text-accent-800'],
  ];
  const edges = diff.addedEdges.length + diff.removedEdges.length;
  const nothing = groups.every(([, l]) => l.length === 0) && edges === 0 && !diff.variablesChanged;
  if (nothing) return <p className="text-xs text-slate-500">{diff.movedNodes.length > 0 ? t('flows.versions.onlyMoved') : t('flows.versions.noChanges')}</p>;
  return (
    <ul className="space-y-1 text-xs" data-testid="version-changes">
      {groups.map(([key, list, tone]) =>
        list.length === 0 ? null : (
          <li key={key}>
            <span className={`font-semibold ${tone}`}>{t(`flows.versions.${key}`, { count: list.length })}</span>
            <span className="text-slate-600" dir="auto">
              {' '}
              {list.slice(0, 4).map(name).join(', ')}
              {list.length > 4 ? ` +${list.length - 4}` : ''}
            </span>
          </li>
        ),
      )}
      {edges > 0 && <li className="text-slate-600">{t('flows.versions.edges', { added: diff.addedEdges.length, removed: diff.removedEdges.length })}</li>}
      {diff.variablesChanged && <li className="text-slate-600">{t('flows.versions.variables')}</li>}
    </ul>
  );
}

/**
 * The published versions, newest first: who published each and when, what it changed from the one before, a
 * read-only look at it on the canvas, and "Restore as draft".
 */
export function VersionsPanel({
  flow,
  graph,
  viewing,
  onView,
  onRestored,
  readOnly,
}: {
  flow: Pick<Flow, 'id' | 'version'>;
  graph: EditorGraph;
  viewing: number | null;
  onView: (v: number | null) => void;
  onRestored: (flow: Flow) => void;
  readOnly: boolean;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const versions = useVersions(flow.id);
  const { restore } = useVersionActions(flow.id);
  const [confirm, setConfirm] = useState<FlowVersion | null>(null);

  return (
    <div className="p-4" data-testid="versions-panel">
      <QueryView query={versions} isEmpty={(v) => v.length === 0} empty={<p className="py-6 text-center text-sm text-slate-500">{t('flows.versions.none')}</p>}>
        {(list) => (
          <ol className="space-y-3">
            {[...list]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <li key={v.version} className="rounded-xl border border-slate-200 p-3" data-testid="version-row" data-version={v.version}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold text-slate-900">{t('flows.versions.version', { n: v.version })}</span>
                    {v.version === flow.version && <Badge tone="success">{t('flows.versions.live')}</Badge>}
                    {viewing === v.version && <Badge tone="primary">{t('flows.versions.viewing')}</Badge>}
                  </div>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {t('flows.versions.published', { when: formatDateTime(v.publishedAt, i18n.language), who: v.publishedBy ?? t('flows.versions.someone') })}
                    {' · '}
                    {t('flows.versions.nodes', { count: v.nodeCount })}
                  </p>
                  <div className="mt-2">{v.changes ? <Changes diff={v.changes} graph={graph} /> : <p className="text-xs text-slate-500">{t('flows.versions.first')}</p>}</div>
                  <div className="mt-2 flex flex-wrap gap-2">
                    <Button size="sm" variant="outline" onClick={() => onView(viewing === v.version ? null : v.version)} data-testid="version-view">
                      <FlowIcon name="eye" className="size-3.5" />
                      {viewing === v.version ? t('flows.versions.backToDraft') : t('flows.versions.view')}
                    </Button>
                    {!readOnly && (
                      <Button size="sm" variant="ghost" onClick={() => setConfirm(v)} data-testid="version-restore">
                        <Icon name="refresh" className="size-3.5" />
                        {t('flows.versions.restore')}
                      </Button>
                    )}
                  </div>
                </li>
              ))}
          </ol>
        )}
      </QueryView>
      <ConfirmModal
        open={confirm !== null}
        title={t('flows.versions.restoreTitle', { n: confirm?.version ?? 0 })}
        body={t('flows.versions.restoreBody')}
        confirmLabel={t('flows.versions.restore')}
        loading={restore.isPending}
        error={restore.error ? errorText(restore.error) : null}
        onClose={() => {
          setConfirm(null);
          restore.reset();
        }}
        onConfirm={() =>
          confirm &&
          restore.mutate(confirm.version, {
            onSuccess: (f) => {
              setConfirm(null);
              onView(null);
              onRestored(f);
            },
          })
        }
      />
    </div>
  );
}
