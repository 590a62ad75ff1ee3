import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../../../lib/format';
import { formatPercent } from '../../format';
import { funnelOf } from '../../stats';
import type { CampaignCounts } from '../../types';

const COLORS = ['#8b5cf6', '#7c3aed', '#0891b2', '#0e7490', '#d97706'];
const STEPS = ['sent', 'delivered', 'read', 'replied', 'clicked'] as const;

/**
 * The funnel (sent → delivered → read → replied → clicked) as bars, each with its count and share of those sent,
 * from the live counters (so it moves with `campaign:progress`, as the stats' funnel would count it).
 */
export function FunnelChart({ counts }: { counts: CampaignCounts }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir(i18n.language) === 'rtl';
  const funnel = funnelOf(counts);
  const data = STEPS.map((step) => ({
    step,
    name: t(`campaigns.counters.${step}`),
    count: funnel[step],
    rate: funnel.sent > 0 ? funnel[step] / funnel.sent : 0,
  }));
  return (
    <div className="h-60 w-full" data-testid="funnel-chart" dir="ltr">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 20, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="name" reversed={rtl} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#64748b' }} interval={0} />
          <YAxis orientation={rtl ? 'right' : 'left'} allowDecimals={false} tickLine={false} axisLine={false} width={40} tick={{ fontSize: 11, fill: '#94a3b8' }} />
          <Tooltip
            cursor={{ fill: 'rgba(139, 92, 246, 0.06)' }}
            formatter={(value, _name, item) => [
              `${formatNumber(Number(value), i18n.language)} (${formatPercent((item.payload as { rate: number }).rate, i18n.language)})`,
              t('campaigns.live.recipients'),
            ]}
          />
          <Bar dataKey="count" radius={[6, 6, 0, 0]} isAnimationActive={false} maxBarSize={64}>
            {data.map((d, i) => (
              <Cell key={d.step} fill={COLORS[i]} />
            ))}
            <LabelList dataKey="count" position="top" formatter={(v) => formatNumber(Number(v), i18n.language)} style={{ fontSize: 12, fill: '#334155' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
