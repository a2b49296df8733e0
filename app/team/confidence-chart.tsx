'use client';

import {
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { SURVEY_MIN_ANSWERS, type SurveyMonth } from '@/server/contract/team';
import { formatMonth, hiddenMonthNote } from './format';

/** A hollow square marker, so the completion series differs from the round one by shape too. */
function squareDot(props: { cx?: number | null; cy?: number | null; index?: number }) {
  const { cx, cy, index } = props;
  if (cx == null || cy == null) return <g key={`none-${index}`} />;
  return (
    <rect
      key={`sq-${index}`}
      x={cx - 5}
      y={cy - 5}
      width={10}
      height={10}
      fill="#fff"
      stroke="#1a5fb4"
      strokeWidth={2}
    />
  );
}

/**
 * Mean confidence per month (solid line, round markers, 1–5 on the left axis) beside the share of
 * that month's actions done (dashed line, square markers, % on the right axis). Line style, marker
 * shape, direct value labels and a text legend tell the two apart without colour; months with too
 * few answers (or still open) leave a gap and are named below the chart.
 */
export function ConfidenceChart({ months }: { months: SurveyMonth[] }) {
  const data = months.map((m) => ({
    month: new Date(`${m.month}-15T12:00:00`).toLocaleDateString(undefined, {
      month: 'short',
      year: '2-digit',
    }),
    mean: m.mean,
    completion: m.actionCompletionRate === null ? null : Math.round(m.actionCompletionRate * 100),
  }));
  const hidden = months.filter((m) => m.hidden && m.answers > 0);
  return (
    <figure className="confidence-chart" data-testid="confidence-chart">
      <div aria-hidden="true" className="chart-box">
        <ResponsiveContainer width="100%" height={260}>
          {/* The table below is what assistive technology reads: the chart takes no focus. */}
          <LineChart
            data={data}
            margin={{ top: 24, right: 16, bottom: 4, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#e6e2d8" vertical={false} />
            <XAxis dataKey="month" padding={{ left: 30, right: 30 }} />
            <YAxis yAxisId="score" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={40} />
            <YAxis
              yAxisId="pct"
              orientation="right"
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v}%`}
              width={48}
            />
            <Tooltip />
            <Legend />
            <Line
              yAxisId="score"
              name="Mean confidence (1–5)"
              dataKey="mean"
              stroke="#b4341f"
              strokeWidth={3}
              dot={{ r: 5, fill: '#b4341f' }}
              isAnimationActive={false}
              legendType="plainline"
            >
              <LabelList
                dataKey="mean"
                position="top"
                formatter={(v) => (v == null ? '' : Number(v).toFixed(1))}
              />
            </Line>
            <Line
              yAxisId="pct"
              name="Actions done (%)"
              dataKey="completion"
              stroke="#1a5fb4"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={squareDot}
              isAnimationActive={false}
              legendType="plainline"
            >
              <LabelList
                dataKey="completion"
                position="bottom"
                formatter={(v) => (v == null ? '' : `${v}%`)}
              />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="small muted">
        Mean confidence per month (solid line, round markers) and the share of that month&rsquo;s actions done
        (dashed line, square markers). The table below has the same numbers.
        {hidden.map((m) => (
          <span key={m.month} className="hidden-month">
            {' '}
            {formatMonth(m.month)}: {hiddenMonthNote(m, SURVEY_MIN_ANSWERS)}.
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
