import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { hasErrors, placeIssues, publishIssues, worstSeverity } from './issues';
import type { FlowIssue } from './types';

const issue = (node: string | null, severity: 'error' | 'warning' = 'error', edge?: string): FlowIssue => ({
  node,
  edge,
  code: 'x',
  message: `${node ?? 'flow'} ${severity}`,
  severity,
});

describe('issues on nodes', () => {
  it('puts each issue on its node, errors first, the rest on the flow, and drops those of deleted nodes', () => {
    const placed = placeIssues([issue('a', 'warning'), issue('a'), issue(null), issue('gone', 'warning'), issue(null, 'error', 'e1')], ['a', 'b'], ['e1']);
    expect(placed.byNode.get('a')?.map((i) => i.severity)).toEqual(['error', 'warning']);
    expect(placed.byNode.has('b')).toBe(false);
    expect(placed.flow.map((i) => i.message)).toEqual(['flow error']);
    expect(placed.byEdge.get('e1')).toHaveLength(1);
    expect([placed.errors, placed.warnings]).toEqual([3, 1]);
  });

  it('outlines a node by its worst issue', () => {
    expect(worstSeverity([issue('a', 'warning')])).toBe('warning');
    expect(worstSeverity([issue('a', 'warning'), issue('a')])).toBe('error');
    expect(worstSeverity(undefined)).toBeNull();
    expect(hasErrors([issue('a', 'warning')])).toBe(false);
  });

  it('turns a refused publish into issues on the nodes it names', () => {
    const error = new ApiError(422, 'validation_failed', 'The flow has errors.', [
      { field: 'nodes.ask-1', message: 'the question is empty' },
      { field: 'flow', message: 'the flow needs a start node' },
    ]);
    expect(publishIssues(error)).toEqual([
      { node: 'ask-1', code: 'publish_refused', message: 'the question is empty', severity: 'error' },
      { node: null, code: 'publish_refused', message: 'the flow needs a start node', severity: 'error' },
    ]);
    const wrapped = new ApiError(409, 'flow_invalid', 'Bad', { fields: [{ field: 'nodes.n', message: 'm' }] });
    expect(publishIssues(wrapped)[0]?.node).toBe('n');
    expect(publishIssues(new ApiError(409, 'flow_not_published', 'x'))).toEqual([]);
    expect(publishIssues(new ApiError(422, 'flow_invalid', 'Nope'))).toEqual([{ node: null, code: 'flow_invalid', message: 'Nope', severity: 'error' }]);
    expect(publishIssues(new ApiError(500, 'x', 'y'))).toEqual([]);
  });
});
