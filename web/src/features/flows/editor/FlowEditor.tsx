import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Badge, Button, Icon, IconButton, MenuItem, Popover, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { useAgents, useLabels, useTeams } from '../../inbox';
import { RunsList, RunTrace } from '../components/Runs';
import { copyNodes, normalizeGraph, placementFor, type Clip, type EditorGraph, type FlowRfEdge, type FlowRfNode } from '../graph';
import { canRedo, canUndo } from '../history';
import { useAnalytics, useContactFields, useFlowActions, useFlows, useVersion, useVersionActions, useVersions } from '../hooks';
import { placeIssues, publishIssues } from '../issues';
import { nodeText } from '../summary';
import { lightPath } from '../transcript';
import type { Flow, FlowIssue, FlowRun, NodeData, NodeType, RunFilter, SandboxSession } from '../types';
import { variableChoices } from '../variables';
import { Canvas } from './Canvas';
import { CanvasContext, type CanvasInfo } from './context';
import { FlowSettingsPanel } from './FlowSettingsPanel';
import { FlowIcon, type FlowIconName } from './icons';
import { IssuesList } from './IssuesList';
import { NodePanel } from './NodePanel';
import { Palette } from './Palette';
import { SettingsContext, type SettingsData } from './settings/context';
import { editorReducer, initialState } from './store';
import { TestPanel } from './TestPanel';
import { useAutosave, type SaveStatus } from './useAutosave';
import { useMediaQuery } from './useMediaQuery';
import { VersionsPanel } from './VersionsPanel';
import { countsByOutcome, rfEdges, rfNodes } from './view';

type Panel = 'node' | 'flow' | 'test' | 'versions' | 'runs';

/** Nodes copied with Ctrl/Cmd+C, pasted into any flow of this tab. */
let clipboard: Clip | null = null;

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  const { t } = useTranslation();
  // It gives way (an ellipsis) before the toolbar's buttons do on a narrow screen.
  if (status === 'error') {
    return (
      <button type="button" onClick={onRetry} title={t('flows.save.error')} className="inline-flex min-w-0 items-center gap-1 text-xs font-medium text-danger-700 hover:underline" data-testid="save-status" data-status={status}>
        <Icon name="alert" className="size-3.5 shrink-0" />
        <span className="truncate">{t('flows.save.error')}</span>
      </button>
    );
  }
  return (
    <span className={cn('inline-flex min-w-0 items-center gap-1 text-xs', status === 'saved' ? 'text-slate-500' : 'text-accent-700')} data-testid="save-status" data-status={status} aria-live="polite">
      {status === 'saved' && <Icon name="check" className="size-3.5 shrink-0" />}
      <span className="truncate">{t(`flows.save.${status}`)}</span>
    </span>
  );
}

function ToolButton({
  icon,
  label,
  active,
  onClick,
  testId,
  disabled,
  badge,
  iconOnly,
}: {
  icon: FlowIconName;
  label: string;
  active?: boolean;
  onClick: () => void;
  testId?: string;
  disabled?: boolean;
  badge?: ReactNode;
  iconOnly?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-pressed={active}
      title={label}
      className={cn(
        'relative inline-flex h-9 shrink-0 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium transition disabled:opacity-45',
        active ? 'bg-primary-50 text-primary-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
      )}
      data-testid={testId}
    >
      <FlowIcon name={icon} className={cn('size-4', (icon === 'undo' || icon === 'redo') && 'rtl:-scale-x-100')} />
      {/* Words only on wide screens: at 1280 px, Russian or German labels left the flow's name a few letters. */}
      <span className={iconOnly ? 'sr-only' : 'hidden 2xl:inline'}>{label}</span>
      {!iconOnly && <span className="sr-only 2xl:hidden">{label}</span>}
      {badge}
    </button>
  );
}

const PANEL_TITLE = {
  node: 'flows.panels.node',
  flow: 'flows.panels.flow',
  test: 'flows.panels.test',
  versions: 'flows.panels.versions',
  runs: 'flows.panels.runs',
} as const satisfies Record<Panel, string>;

/**
 * The flow builder: toolbar (save state, undo/redo, issues, analytics, test, versions, runs, settings, publish), the
 * palette, the canvas and a side panel. The palette and the panel sit beside the canvas from 1024 px and are drawers
 * below; on a phone the canvas is read-only and the panels are sheets.
 */
function Editor({ flow }: { flow: Flow }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const rf = useReactFlow<FlowRfNode, FlowRfEdge>();
  const [state, dispatch] = useReducer(editorReducer, flow, initialState);
  const [server, setServer] = useState<Flow>(flow);
  const [issues, setIssues] = useState<FlowIssue[]>(flow.issues);
  const [refused, setRefused] = useState<FlowIssue[] | null>(null);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [testOpened, setTestOpened] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const [session, setSession] = useState<SandboxSession | null>(null);
  const [shownRun, setShownRun] = useState<FlowRun | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [runFilter, setRunFilter] = useState<RunFilter | null>(null);
  const [analyticsOn, setAnalyticsOn] = useState(false);
  const [analyticsVersion, setAnalyticsVersion] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const wide = useMediaQuery('(min-width: 1024px)');
  // Below this the toolbar cannot hold every action: analytics, versions, runs and settings move into "More".
  const roomy = useMediaQuery('(min-width: 1280px)');
  const phone = useMediaQuery('(max-width: 639px)');

  const version = useVersion(flow.id, viewing);
  const versions = useVersions(flow.id, analyticsOn);
  const analytics = useAnalytics(flow.id, analyticsVersion, analyticsOn && server.version != null);
  const fields = useContactFields();
  const labels = useLabels();
  const agents = useAgents();
  const teams = useTeams();
  const flows = useFlows();
  const { publish } = useVersionActions(flow.id);
  const { pause, resume } = useFlowActions();

  const onSaved = useCallback((f: Flow) => {
    setServer(f);
    setIssues(f.issues);
    setRefused(null);
  }, []);
  const autosave = useAutosave(flow.id, state, onSaved, true);

  const readOnly = viewing !== null || phone;
  const draft = state.history.present;
  const graph: EditorGraph = useMemo(() => (viewing !== null && version.data ? normalizeGraph(version.data.graph) : draft), [viewing, version.data, draft]);

  // A single node picked on the canvas opens its settings.
  const single = state.selection.nodes.length === 1 ? (state.selection.nodes[0] ?? null) : null;
  const [lastSingle, setLastSingle] = useState<string | null>(null);
  if (single !== lastSingle) {
    setLastSingle(single);
    if (single && panel !== 'test') setPanel('node');
    if (!single && panel === 'node') setPanel(null);
  }
  const selectedNode = single ? graph.nodes.find((n) => n.id === single) : undefined;

  const placed = useMemo(
    () => placeIssues(viewing !== null ? [] : (refused ?? issues), graph.nodes.map((n) => n.id), graph.edges.map((e) => e.id)),
    [viewing, refused, issues, graph],
  );
  const activeTest = session && testOpened;
  const light = useMemo(() => {
    if (activeTest && session) return lightPath(session.path, graph);
    if (shownRun) return lightPath(shownRun.trace, graph);
    return null;
  }, [activeTest, session, shownRun, graph]);
  const current = activeTest ? (session?.currentNode ?? null) : (shownRun?.currentNode ?? null);

  const shownFigures = analyticsOn ? analytics.data : undefined;
  // While a test runs, the canvas follows it to the node it is at.
  const following = activeTest ? current : null;
  useEffect(() => {
    if (!following) return;
    const node = rf.getNode(following);
    if (!node) return;
    const w = node.measured?.width ?? 256;
    const h = node.measured?.height ?? 120;
    void rf.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: rf.getZoom(), duration: 400 });
  }, [following, rf]);

  const figures = useMemo(() => (shownFigures ? new Map(shownFigures.nodes.map((n) => [n.node, n])) : null), [shownFigures]);
  const counts = useMemo(() => (shownFigures ? countsByOutcome(shownFigures.edges) : null), [shownFigures]);

  const nodes = useMemo(() => rfNodes(graph, state.selection.nodes, state.measured, readOnly), [graph, state.selection.nodes, state.measured, readOnly]);
  const edges = useMemo(
    () =>
      rfEdges(graph, {
        selected: state.selection.edges,
        light,
        counts,
        issues: placed.byEdge,
        readOnly,
        formatCount: (n) => formatNumber(n, i18n.language),
      }),
    [graph, state.selection.edges, light, counts, placed.byEdge, readOnly, i18n.language],
  );

  const names = useMemo(
    () => ({
      users: new Map((agents.data ?? []).map((a) => [a.userId, a.name])),
      teams: new Map((teams.data ?? []).map((x) => [x.id, x.name])),
      flows: new Map((flows.data ?? []).map((f) => [f.id, f.name])),
      fields: new Map((fields.data ?? []).map((f) => [f.key, f.label])),
    }),
    [agents.data, teams.data, flows.data, fields.data],
  );
  const canvasInfo: CanvasInfo = useMemo(
    () => ({ issues: placed.byNode, light, current, figures, readOnly, trigger: viewing !== null && version.data ? version.data.trigger : state.meta.trigger, names }),
    [placed.byNode, light, current, figures, readOnly, viewing, version.data, state.meta.trigger, names],
  );
  const settingsData: SettingsData = useMemo(
    () => ({
      variables: variableChoices(graph, fields.data ?? []),
      fields: fields.data ?? [],
      labels: labels.data ?? [],
      agents: agents.data ?? [],
      teams: teams.data ?? [],
      flows: flows.data ?? [],
      nodes: graph.nodes,
      flowId: flow.id,
      readOnly,
    }),
    [graph, fields.data, labels.data, agents.data, teams.data, flows.data, flow.id, readOnly],
  );

  const focusNode = useCallback(
    (id: string) => {
      dispatch({ type: 'select', nodes: [id] });
      void rf.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.1, padding: 0.6 });
    },
    [rf],
  );

  const addNode = (type: NodeType) => {
    if (readOnly) return;
    const after = single && graph.nodes.some((n) => n.id === single) ? single : undefined;
    let position = after ? placementFor(draft, after) : undefined;
    if (!position) {
      const box = document.querySelector('[data-testid="flow-canvas"]')?.getBoundingClientRect();
      position = box ? rf.screenToFlowPosition({ x: box.left + box.width / 2 - 128, y: box.top + box.height / 2 - 60 }) : placementFor(draft);
    }
    dispatch({ type: 'addNode', nodeType: type, position, after });
    setPaletteOpen(false);
    if (after) void rf.setCenter(position.x + 128, position.y + 60, { duration: 300, zoom: rf.getZoom() });
  };

  // Undo, redo, copy and paste, unless typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || readOnly) return;
      const mod = e.metaKey || e.ctrlKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        dispatch({ type: 'undo' });
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        dispatch({ type: 'redo' });
      } else if (key === 'c' && state.selection.nodes.length > 0) {
        clipboard = copyNodes(draft, state.selection.nodes);
      } else if (key === 'v' && clipboard) {
        e.preventDefault();
        dispatch({ type: 'paste', clip: clipboard });
      } else if (key === 'd' && state.selection.nodes.length > 0) {
        e.preventDefault();
        dispatch({ type: 'paste', clip: copyNodes(draft, state.selection.nodes) });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [readOnly, draft, state.selection.nodes]);

  const doPublish = async () => {
    setNotice(null);
    try {
      await autosave.flush();
    } catch {
      return;
    }
    publish.mutate(undefined, {
      onSuccess: (f) => {
        setServer(f);
        setIssues(f.issues);
        setRefused(null);
        setNotice(t('flows.publish.done', { n: f.version ?? 0 }));
      },
      onError: (e) => {
        const found = publishIssues(e);
        if (found.length > 0) setRefused(found);
      },
    });
  };

  const openPanel = (p: Panel) => {
    if (p === 'test') setTestOpened(true);
    setPanel((cur) => (cur === p ? null : p));
  };

  const status = server.status;
  const nodeName = (id: string, type: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    const text = n ? nodeText(n) : '';
    return `${t(`flows.kinds.${type}.name`, { defaultValue: type })}${text ? ` · ${text}` : ''}`;
  };

  const panelBody = (p: Panel) => {
    switch (p) {
      case 'node':
        return selectedNode ? (
          <NodePanel
            node={selectedNode}
            issues={placed.byNode.get(selectedNode.id) ?? []}
            readOnly={readOnly}
            onChange={(data: NodeData<NodeType>, key?: string) =>
              dispatch({ type: 'setNodeData', id: selectedNode.id, data, key: key ? `${selectedNode.id}:${key}` : undefined, at: Date.now() })
            }
            onDelete={() => dispatch({ type: 'delete', nodes: [selectedNode.id], edges: [] })}
            onDuplicate={() => dispatch({ type: 'paste', clip: copyNodes(draft, [selectedNode.id]) })}
          />
        ) : state.selection.nodes.length > 1 ? (
          <div className="space-y-3 p-4 text-sm text-slate-600">
            <p>{t('flows.editor.manySelected', { count: state.selection.nodes.length })}</p>
            {!readOnly && (
              <Button variant="outline" size="sm" onClick={() => dispatch({ type: 'delete', nodes: state.selection.nodes, edges: state.selection.edges })}>
                <Icon name="trash" className="size-4" />
                {t('flows.editor.deleteSelected')}
              </Button>
            )}
          </div>
        ) : (
          <p className="p-4 text-sm text-slate-500">{t('flows.editor.nothingSelected')}</p>
        );
      case 'flow':
        return (
          <FlowSettingsPanel
            meta={state.meta}
            onMeta={(meta) => dispatch({ type: 'setMeta', meta })}
            variables={draft.variables}
            onVariables={(variables) => dispatch({ type: 'setVariables', variables, key: 'variables', at: Date.now() })}
            readOnly={readOnly}
          />
        );
      case 'versions':
        return (
          <VersionsPanel
            flow={server}
            graph={draft}
            viewing={viewing}
            onView={setViewing}
            readOnly={phone}
            onRestored={(f) => {
              setServer(f);
              setIssues(f.issues);
              dispatch({ type: 'replaceGraph', graph: normalizeGraph(f.draft) });
              setNotice(t('flows.versions.restored'));
            }}
          />
        );
      case 'runs':
        return (
          <div className="p-4">
            {runId ? (
              <RunTrace
                runId={runId}
                flowId={flow.id}
                onBack={() => {
                  setRunId(null);
                  setShownRun(null);
                }}
                nodeName={nodeName}
                onShowPath={(run) => setShownRun(run)}
              />
            ) : (
              <>
                <RunsList flowId={flow.id} status={runFilter} onStatus={setRunFilter} onOpen={setRunId} compact />
                <Link to={`/app/flows/${flow.id}/runs`} className="mt-3 inline-block text-sm text-primary-700 hover:underline">
                  {t('flows.runs.openPage')}
                </Link>
              </>
            )}
          </div>
        );
      case 'test':
        return null;
    }
  };

  const versionList = versions.data ?? [];
  // Published, and the draft is that version: nothing to publish.
  const upToDate = server.version != null && !server.unpublishedChanges && autosave.status === 'saved';
  const errors = placed.errors;

  return (
    <CanvasContext.Provider value={canvasInfo}>
      <SettingsContext.Provider value={settingsData}>
        <div className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] flex-col bg-white sm:-mx-6 lg:-mx-8 lg:-my-8" data-testid="flow-builder" data-flow-id={flow.id}>
          {/* toolbar */}
          {/* No overflow scrolling here: it would clip the "More" menu. What does not fit moves into that menu. */}
          <div className="flex h-14 shrink-0 items-center gap-1 border-b border-slate-200 px-2 sm:gap-2 sm:px-3" data-testid="builder-toolbar" data-compact={!roomy || undefined}>
            <Link to="/app/flows" className="rounded-lg p-2 text-slate-500 hover:bg-slate-100" aria-label={t('flows.editor.back')} title={t('flows.editor.back')}>
              <Icon name="arrowStart" className="size-5 rtl:-scale-x-100" />
            </Link>
            <button type="button" onClick={() => openPanel('flow')} title={state.meta.name || undefined} className="max-w-[12rem] min-w-[4rem] shrink truncate rounded-lg px-1.5 py-1 text-start text-sm font-semibold text-slate-900 hover:bg-slate-100 sm:max-w-xs" dir="auto" data-testid="builder-title">
              {state.meta.name || t('flows.editor.untitled')}
            </button>
            <span className="hidden shrink-0 md:inline" data-testid="builder-status" data-status={status}>
              <Badge tone={status === 'published' ? 'success' : status === 'paused' ? 'warning' : 'neutral'}>
                {t(`flows.status.${status === 'published' || status === 'paused' ? status : 'draft'}`)}
                {server.version ? ` · v${server.version}` : ''}
              </Badge>
            </span>
            <SaveIndicator status={autosave.status} onRetry={() => void autosave.retry()} />
            <div className="flex-1" />
            {!phone && (
              <>
                <ToolButton iconOnly icon="undo" label={t('flows.editor.undo')} onClick={() => dispatch({ type: 'undo' })} disabled={!canUndo(state.history) || readOnly} testId="undo" />
                <ToolButton iconOnly icon="redo" label={t('flows.editor.redo')} onClick={() => dispatch({ type: 'redo' })} disabled={!canRedo(state.history) || readOnly} testId="redo" />
                <span className="mx-1 h-6 w-px bg-slate-200" aria-hidden="true" />
              </>
            )}
            {!wide && !readOnly && <ToolButton icon="palette" label={t('flows.palette.title')} active={paletteOpen} onClick={() => setPaletteOpen((o) => !o)} testId="palette-toggle" />}
            {roomy && <ToolButton icon="analytics" label={t('flows.analytics.toggle')} active={analyticsOn} onClick={() => setAnalyticsOn((o) => !o)} disabled={server.version == null} testId="analytics-toggle" />}
            <ToolButton icon="play" label={t('flows.test.open')} active={panel === 'test'} onClick={() => openPanel('test')} testId="open-test" />
            {roomy && (
              <>
                <ToolButton icon="history" label={t('flows.versions.title')} active={panel === 'versions'} onClick={() => openPanel('versions')} testId="open-versions" />
                <ToolButton icon="runs" label={t('flows.runs.title')} active={panel === 'runs'} onClick={() => openPanel('runs')} testId="open-runs" />
                <IconButton icon="settings" size="sm" label={t('flows.panels.flow')} onClick={() => openPanel('flow')} aria-pressed={panel === 'flow'} data-testid="open-flow-settings" />
              </>
            )}
            <Popover
              open={more}
              onOpenChange={setMore}
              align="end"
              panelClassName="w-56"
              trigger={<IconButton icon="chevronDown" size="sm" label={t('flows.editor.more')} onClick={() => setMore((o) => !o)} aria-expanded={more} data-testid="builder-more" />}
            >
              {!roomy && (
                <>
                  <MenuItem selected={analyticsOn} disabled={server.version == null} onClick={() => { setMore(false); setAnalyticsOn((o) => !o); }} data-testid="analytics-toggle">
                    <FlowIcon name="analytics" />
                    {t('flows.analytics.toggle')}
                  </MenuItem>
                  <MenuItem selected={panel === 'versions'} onClick={() => { setMore(false); openPanel('versions'); }} data-testid="open-versions">
                    <FlowIcon name="history" />
                    {t('flows.versions.title')}
                  </MenuItem>
                  <MenuItem selected={panel === 'runs'} onClick={() => { setMore(false); openPanel('runs'); }} data-testid="open-runs">
                    <FlowIcon name="runs" />
                    {t('flows.runs.title')}
                  </MenuItem>
                </>
              )}
              {status === 'published' && (
                <MenuItem onClick={() => { setMore(false); pause.mutate({ id: flow.id, stopRuns: false }, { onSuccess: setServer }); }} data-testid="builder-pause">
                  <FlowIcon name="pause" />
                  {t('flows.actions.pause')}
                </MenuItem>
              )}
              {status === 'paused' && (
                <MenuItem onClick={() => { setMore(false); resume.mutate(flow.id, { onSuccess: setServer }); }} data-testid="builder-resume">
                  <FlowIcon name="play" />
                  {t('flows.actions.resume')}
                </MenuItem>
              )}
              <MenuItem onClick={() => { setMore(false); void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }); }}>
                <FlowIcon name="fit" />
                {t('flows.editor.fitView')}
              </MenuItem>
              <MenuItem onClick={() => { setMore(false); openPanel('flow'); }}>
                <Icon name="settings" className="size-4" />
                {t('flows.panels.flow')}
              </MenuItem>
            </Popover>
            <Button
              size="sm"
              onClick={() => void doPublish()}
              loading={publish.isPending}
              disabled={errors > 0 || viewing !== null || phone || upToDate}
              title={errors > 0 ? t('flows.publish.blocked') : upToDate ? t('flows.publish.upToDate') : undefined}
              data-testid="publish"
            >
              <FlowIcon name="publish" className="size-4" />
              <span className="hidden sm:inline">{t('flows.publish.action')}</span>
            </Button>
          </div>

          {(notice || publish.isError || autosave.status === 'error' || pause.isError || resume.isError) && (
            <div className="space-y-2 border-b border-slate-100 px-3 py-2">
              {notice && (
                <Alert tone="success">
                  <span className="flex items-center justify-between gap-2">
                    {notice}
                    <button type="button" onClick={() => setNotice(null)} className="text-xs underline">
                      {t('common.close')}
                    </button>
                  </span>
                </Alert>
              )}
              {publish.isError && <Alert tone="danger" title={t('flows.publish.refused')}>{refused ? t('flows.publish.seeIssues') : errorText(publish.error)}</Alert>}
              {autosave.status === 'error' && <Alert tone="danger" title={t('flows.save.error')}>{errorText(autosave.error)}</Alert>}
              {(pause.isError || resume.isError) && <Alert tone="danger">{errorText(pause.error ?? resume.error)}</Alert>}
            </div>
          )}

          <div className="relative flex min-h-0 flex-1">
            {/* palette */}
            {!readOnly && (wide || paletteOpen) && (
              <aside
                className={cn(
                  'z-20 w-56 shrink-0 border-e border-slate-200 bg-slate-50',
                  !wide && 'absolute inset-y-0 start-0 shadow-2xl',
                )}
                aria-label={t('flows.palette.title')}
              >
                <Palette onAdd={addNode} hasStart={draft.nodes.some((n) => n.type === 'start')} />
              </aside>
            )}

            {/* canvas */}
            <div className="relative min-w-0 flex-1 bg-slate-50">
              <Canvas nodes={nodes} edges={edges} graph={graph} dispatch={dispatch} readOnly={readOnly} />
              {viewing !== null && (
                <div className="absolute inset-x-3 top-3 z-10 flex flex-wrap items-center gap-2 rounded-xl border border-primary-200 bg-primary-50/95 px-3 py-2 text-sm text-primary-900 shadow-sm" data-testid="viewing-banner">
                  <FlowIcon name="eye" className="size-4" />
                  <span className="flex-1">{t('flows.versions.viewingBanner', { n: viewing })}</span>
                  <Button size="sm" variant="outline" onClick={() => setViewing(null)}>
                    {t('flows.versions.backToDraft')}
                  </Button>
                </div>
              )}
              {phone && viewing === null && (
                <p className="absolute inset-x-3 top-3 z-10 rounded-xl bg-white/95 px-3 py-2 text-xs text-slate-600 shadow-sm" data-testid="phone-readonly">
                  {t('flows.editor.phoneReadOnly')}
                </p>
              )}
              {shownRun && !activeTest && (
                <div className="absolute inset-x-3 top-3 z-10 flex items-center gap-2 rounded-xl border border-success-200 bg-success-50/95 px-3 py-2 text-sm text-success-900 shadow-sm">
                  <span className="flex-1">{t('flows.runs.pathShown')}</span>
                  <Button size="sm" variant="outline" onClick={() => setShownRun(null)}>
                    {t('common.close')}
                  </Button>
                </div>
              )}
              {analyticsOn && (
                <div className="absolute end-3 top-3 z-10 flex items-center gap-2 rounded-xl border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-sm" data-testid="analytics-bar">
                  <FlowIcon name="analytics" className="size-4 text-slate-500" />
                  <Select controlSize="sm" value={analyticsVersion ?? ''} onChange={(e) => setAnalyticsVersion(e.target.value ? Number(e.target.value) : null)} aria-label={t('flows.analytics.version')} className="w-36!">
                    <option value="">{t('flows.analytics.latest')}</option>
                    {[...versionList].sort((a, b) => b.version - a.version).map((v) => (
                      <option key={v.version} value={v.version}>
                        {t('flows.versions.version', { n: v.version })}
                      </option>
                    ))}
                  </Select>
                  {analytics.data && (
                    <span className="text-slate-600">
                      {t('flows.analytics.summary', {
                        entered: formatNumber(analytics.data.entered, i18n.language),
                        completed: formatNumber(analytics.data.completed, i18n.language),
                        running: formatNumber(analytics.data.running, i18n.language),
                      })}
                    </span>
                  )}
                  {analytics.isError && <span className="text-danger-700">{errorText(analytics.error)}</span>}
                </div>
              )}
              {viewing === null && (
                <div className="absolute bottom-3 left-1/2 z-10 -translate-x-1/2">
                  <IssuesList placed={placed} graph={graph} onSelectNode={focusNode} />
                </div>
              )}
              {!wide && !readOnly && !paletteOpen && (
                <button
                  type="button"
                  onClick={() => setPaletteOpen(true)}
                  className="absolute end-4 bottom-32 z-10 flex size-12 items-center justify-center rounded-full bg-primary-600 text-white shadow-lg hover:bg-primary-700"
                  aria-label={t('flows.palette.title')}
                  data-testid="palette-fab"
                >
                  <Icon name="plus" className="size-6" />
                </button>
              )}
            </div>

            {/* side panel */}
            {(panel !== null || testOpened) && (
              <aside
                className={cn(
                  'z-30 flex flex-col border-slate-200 bg-white',
                  panel === null && 'hidden',
                  wide ? 'w-80 shrink-0 border-s xl:w-96' : phone ? 'absolute inset-x-0 bottom-0 h-[75%] rounded-t-2xl border-t shadow-2xl' : 'absolute inset-y-0 end-0 w-full max-w-md border-s shadow-2xl',
                )}
                aria-label={panel ? t(PANEL_TITLE[panel]) : undefined}
                data-testid="side-panel"
                data-panel={panel ?? undefined}
              >
                <div className={cn('flex h-11 shrink-0 items-center gap-2 border-b border-slate-100 px-4', panel === 'test' && 'hidden')}>
                  <h2 className="flex-1 text-sm font-semibold text-slate-900">{panel ? t(PANEL_TITLE[panel]) : ''}</h2>
                  <IconButton icon="close" size="sm" label={t('common.close')} onClick={() => setPanel(null)} data-testid="close-panel" />
                </div>
                {testOpened && (
                  <div className={cn('min-h-0 flex-1', panel !== 'test' && 'hidden')}>
                    <TestPanel flowId={flow.id} fields={fields.data ?? []} flush={autosave.flush} onSession={setSession} onClose={() => setPanel(null)} />
                  </div>
                )}
                {panel && panel !== 'test' && <div className="min-h-0 flex-1 overflow-y-auto">{panelBody(panel)}</div>}
              </aside>
            )}
          </div>
        </div>
      </SettingsContext.Provider>
    </CanvasContext.Provider>
  );
}

export function FlowEditor({ flow }: { flow: Flow }) {
  return (
    <ReactFlowProvider>
      <Editor flow={flow} />
    </ReactFlowProvider>
  );
}
