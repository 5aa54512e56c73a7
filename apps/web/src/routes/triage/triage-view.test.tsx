import { act, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { triageFindings, triageFixture } from '../../fixtures/triage-fixture.ts';
import { GraphQLRequestError } from '../../graphql/errors.ts';
import type { TriageFleetFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import { TRIAGE_CHANGED, TRIAGE_VIEW } from '../../graphql/use-triage.ts';
import { FindingHistory } from '../../lib/finding-history.ts';
import { ladderFindings } from '../../lib/triage.ts';
import { FINDINGS_FIRST, KIOSK_ROWS, TriageView } from './triage-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

/** The fixture with every cluster fresh (the fleet fixture has a stale one). */
function freshTriage(now: number, findings = triageFindings(now)): TriageFleetFragment {
  const data = triageFixture(now, findings);
  data.clusters = data.clusters.map((c) => ({
    ...c,
    stale: false,
    dataAsOf: new Date(now - 2_000).toISOString(),
  }));
  return data;
}

function live(
  data: TriageFleetFragment | null,
  extra: Partial<LiveResult<TriageFleetFragment>> = {},
): LiveResult<TriageFleetFragment> {
  return { data, error: null, connection: 'live', receivedAt: data === null ? null : NOW, ...extra };
}

function rung(scope: string): HTMLElement {
  const found = screen.getAllByTestId('rung').find((el) => el.dataset.scope === scope);
  if (found === undefined) throw new Error(`no rung ${scope}`);
  return found;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TriageView', () => {
  it('shows the ladder narrowest first with a count per scope, and the widest scope in the headline', () => {
    vi.useFakeTimers({ now: NOW });
    render(<TriageView result={live(freshTriage(NOW))} history={null} />);
    expect(screen.getAllByTestId('rung').map((el) => [el.dataset.scope, el.dataset.count])).toEqual([
      ['POD', '2'],
      ['NODE', '1'],
      ['POOL', '1'],
      ['CLUSTER', '1'],
      ['GLOBAL', '1'],
    ]);
    const headline = screen.getByTestId('triage-headline');
    expect(headline.dataset.widest).toBe('GLOBAL');
    expect(headline.textContent).toContain('Widest: GLOBAL — several clusters');
    // Per-rule findings are evidence, not rows.
    expect(screen.getAllByTestId('finding')).toHaveLength(6);
    expect(screen.queryByTestId('triage-untriaged')).toBeNull();
  });

  it('expands a finding to its detail, evidence, next steps and links to every cluster it names', () => {
    vi.useFakeTimers({ now: NOW });
    render(<TriageView result={live(freshTriage(NOW))} history={null} />);
    const global = within(rung('GLOBAL')).getByTestId('finding');
    const body = within(global).getByTestId('finding-body');
    expect(body.textContent).toContain('points at something they share');
    expect(body.textContent).toContain('Fail over if a healthy region');
    expect(within(body).getByTestId('finding-evidence').textContent).toContain('ImagePullBackOff');
    expect(
      within(body)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#/clusters/ap-south-1', '#/clusters/eu-west-1', '#/clusters/us-east-2']);
  });

  it('links a pool finding to its GPU pools and a workload finding to its rollouts', () => {
    vi.useFakeTimers({ now: NOW });
    render(<TriageView result={live(freshTriage(NOW))} history={null} />);
    const pool = within(rung('POOL')).getAllByTestId('finding')[0] as HTMLElement;
    expect(within(pool).getByTestId('finding-pools-link').getAttribute('href')).toMatch(
      /^#\/clusters\/[^/]+\/pools$/,
    );
    const pod = within(rung('POD')).getAllByTestId('finding')[0] as HTMLElement;
    expect(within(pod).getByTestId('finding-rollouts-link').getAttribute('href')).toMatch(
      /^#\/clusters\/[^/]+\/rollouts$/,
    );
  });

  it('marks findings first seen in the last 15 minutes as new, and counts resolved ones', () => {
    vi.useFakeTimers({ now: NOW });
    const all = triageFindings(NOW);
    const shown = ladderFindings(all).shown;
    const pool = shown.find((f) => f.scope === 'POOL');
    const history = FindingHistory.start([
      ...shown.filter((f) => f !== pool),
      { id: 'gone', scope: 'NODE', title: 'gone', cluster: 'a' },
    ]).note(shown, NOW - 60_000);
    render(<TriageView result={live(freshTriage(NOW, all))} history={history} />);
    expect(within(rung('POOL')).getByTestId('finding').dataset.new).toBe('true');
    expect(rung('POOL').textContent).toContain('1 new (15 min)');
    expect(rung('NODE').textContent).toContain('1 resolved (15 min)');
    expect(within(rung('GLOBAL')).getByTestId('finding').dataset.new).toBe('false');
    act(() => vi.advanceTimersByTime(15 * 60_000));
    expect(within(rung('POOL')).getByTestId('finding').dataset.new).toBe('false');
  });

  it('on a wall lists a bounded number per rung and counts the rest', () => {
    vi.useFakeTimers({ now: NOW });
    const base = triageFindings(NOW)[4];
    if (base === undefined) throw new Error('fixture changed');
    const many = Array.from({ length: KIOSK_ROWS + 3 }, (_, i) => ({ ...base, id: `pod-${i}` }));
    render(<TriageView result={live(freshTriage(NOW, many))} history={null} kiosk />);
    expect(within(rung('POD')).getAllByTestId('finding')).toHaveLength(KIOSK_ROWS);
    expect(within(rung('POD')).getByTestId('rung-more').textContent).toBe('+3 more');
    // No disclosure and no links on a wall.
    expect(screen.queryByTestId('finding-body')).toBeNull();
  });

  it('says "none" only while the data is fresh', () => {
    vi.useFakeTimers({ now: NOW });
    render(<TriageView result={live(freshTriage(NOW, []))} history={null} />);
    expect(screen.getByTestId('triage-headline').textContent).toBe('No scope findings');
    expect(within(rung('POD')).getByTestId('rung-none').textContent).toBe('none');
    expect(screen.getByTestId('triage-data-as-of').dataset.loud).toBe('false');

    act(() => vi.advanceTimersByTime(121_000)); // nothing newer within the API's stale-after (120 s)
    expect(screen.getByTestId('triage-data-as-of').dataset.loud).toBe('true');
    expect(screen.getByTestId('triage-data-as-of').textContent).toContain('STALE');
    expect(screen.getByTestId('stale-banner').dataset.reason).toBe('too-old');
    expect(screen.getByTestId('triage-headline').textContent).toBe('Unknown: the data is stale');
    expect(within(rung('POD')).getByTestId('rung-none').textContent).toBe('unknown — data stale');
    expect(within(rung('POD')).getByTestId('rung-count').textContent).toBe('—');
  });

  it('is loud at once when the API cannot be reached, before the data is old', () => {
    vi.useFakeTimers({ now: NOW });
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    render(<TriageView result={live(freshTriage(NOW), { error, connection: 'offline' })} history={null} />);
    const clock = screen.getByTestId('triage-data-as-of');
    expect(clock.dataset.loud).toBe('true');
    expect(clock.dataset.connectionLost).toBe('true');
    expect(clock.textContent).toContain('CONNECTION LOST');
    expect(screen.getByTestId('triage-error').textContent).toContain('Failed to fetch');
    expect(rung('POD').className).toContain('rung--stale');
    expect(screen.getByTestId('triage-headline').textContent).toContain('(last known)');
  });

  it('a stale cluster makes the whole ladder stale', () => {
    vi.useFakeTimers({ now: NOW });
    render(<TriageView result={live(triageFixture(NOW))} history={null} />);
    const clock = screen.getByTestId('triage-data-as-of');
    expect(clock.dataset.stale).toBe('true');
    expect(clock.textContent).toContain('1 of 3 stale: ap-south-1');
  });

  it('shows per-rule findings at their own scope, said so, when the API sends no scope findings', () => {
    vi.useFakeTimers({ now: NOW });
    const perRule = triageFindings(NOW).filter((f) => !f.rule.startsWith('scope.'));
    render(<TriageView result={live(freshTriage(NOW, perRule))} history={null} />);
    expect(screen.getByTestId('triage-untriaged').textContent).toContain('no scope findings');
    expect(rung('NODE').dataset.count).toBe('1');
    expect(rung('POD').dataset.count).toBe('1');
  });

  it('knows the cap its documents ask for (to say when findings may be missing)', () => {
    for (const op of [TRIAGE_VIEW, TRIAGE_CHANGED])
      expect(op.document).toContain(`first: ${FINDINGS_FIRST})`);
  });

  it('says when the API returned its cap of findings', () => {
    vi.useFakeTimers({ now: NOW });
    const base = triageFindings(NOW)[4];
    if (base === undefined) throw new Error('fixture changed');
    const capped = Array.from({ length: FINDINGS_FIRST }, (_, i) => ({ ...base, id: `pod-${i}` }));
    render(<TriageView result={live(freshTriage(NOW, capped))} history={null} kiosk />);
    expect(screen.getByTestId('triage-truncated').textContent).toContain('worst 500');
    expect(rung('POD').dataset.count).toBe('500');
  });

  it('shows loading and error states before the first answer', () => {
    const { unmount } = render(
      <TriageView result={live(null, { connection: 'reconnecting' })} history={null} />,
    );
    expect(screen.getByTestId('triage-loading').textContent).toContain('Loading triage');
    unmount();
    const error = new GraphQLRequestError('network', '/graphql', 'Failed to fetch');
    render(<TriageView result={live(null, { error, connection: 'offline' })} history={null} />);
    expect(screen.getByTestId('triage-error').textContent).toContain('Failed to fetch');
  });
});
