import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DistanceUnits, SymptomLogView, WeekMetricsView } from '@loadwatch/shared/contracts';
import { dateToEpochS, distanceValue, formatShortDate } from '../format/format';
import { CHART_COLOURS } from './chart-colours';

const DAY_S = 86_400;
const COLOURS = CHART_COLOURS;

export interface WeeksChartProps {
  weeks: WeekMetricsView[];
  painLogs: SymptomLogView[];
  units: DistanceUnits;
  selected: number;
  onSelect: (index: number) => void;
}

/**
 * Weekly distance as bars, ramp and speed share as lines on a percentage axis, back-pain logs as triangles
 * on the same time axis (uPlot). Hover or the arrow keys pick a week; the caller shows its numbers.
 */
export function WeeksChart({ weeks, painLogs, units, selected, onSelect }: WeeksChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = weeks.map((w) => dateToEpochS(w.weekStart) + 3.5 * DAY_S);
    const data: uPlot.AlignedData = [
      xs,
      weeks.map((w) => distanceValue(w.distanceM, units)),
      weeks.map((w) => (w.ramp === null ? null : w.ramp * 100)),
      weeks.map((w) => (w.speedShare === null ? null : w.speedShare * 100)),
    ];
    const painMarkers = (u: uPlot) => {
      const ctx = u.ctx;
      ctx.save();
      for (const log of painLogs) {
        const x = u.valToPos(dateToEpochS(log.date) + DAY_S / 2, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        const size = (5 + log.severity) * uPlot.pxRatio;
        const y = u.bbox.top + size + 2;
        ctx.fillStyle = COLOURS.pain;
        ctx.beginPath();
        ctx.moveTo(x, y + size);
        ctx.lineTo(x - size, y - size / 2);
        ctx.lineTo(x + size, y - size / 2);
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    };
    const width = Math.max(element.clientWidth, 280);
    const options: uPlot.Options = {
      width,
      height: width < 500 ? 240 : 300,
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      legend: { show: false },
      scales: {
        x: { time: true, range: [xs[0] - 4 * DAY_S, xs[xs.length - 1] + 4 * DAY_S] },
        pct: { auto: true },
      },
      axes: [
        {
          // One tick per week, named by its first day; every second or fourth one when space is short.
          splits: () => xs,
          values: (u, splits) => {
            const every = Math.max(
              1,
              2 ** Math.ceil(Math.log2((splits.length * 56) / Math.max(u.bbox.width / uPlot.pxRatio, 1))),
            );
            return splits.map((_, i) => (i % every === 0 ? formatShortDate(weeks[i].weekStart) : ''));
          },
        },
        { label: `Distance (${units})`, size: 56 },
        { scale: 'pct', side: 1, label: 'Ramp, speed share (%)', grid: { show: false }, size: 56 },
      ],
      series: [
        {},
        {
          label: `Distance (${units})`,
          stroke: COLOURS.distance,
          fill: 'rgba(59, 111, 216, 0.55)',
          paths: uPlot.paths.bars?.({ size: [0.7, 64] }),
          points: { show: false },
        },
        { label: 'Ramp (%)', scale: 'pct', stroke: COLOURS.ramp, width: 2, points: { show: true, size: 6 } },
        {
          label: 'Speed share (%)',
          scale: 'pct',
          stroke: COLOURS.share,
          width: 2,
          dash: [6, 4],
          points: { show: true, size: 5 },
        },
      ],
      hooks: {
        draw: [painMarkers],
        setCursor: [
          (u) => {
            if (u.cursor.idx !== null && u.cursor.idx !== undefined) selectRef.current(u.cursor.idx);
          },
        ],
      },
    };
    plot.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => {
      const w = Math.max(element.clientWidth, 280);
      plot.current?.setSize({ width: w, height: w < 500 ? 240 : 300 });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [weeks, painLogs, units]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    const target =
      event.key === 'Home' ? 0 : event.key === 'End' ? weeks.length - 1 : step ? selected + step : null;
    if (target === null || target < 0 || target >= weeks.length) return;
    event.preventDefault();
    onSelect(target);
  };

  return (
    <div
      className="weeks-chart"
      ref={container}
      tabIndex={0}
      role="img"
      aria-label={`Chart of the last ${weeks.length} weeks: distance bars, ramp and speed-share lines, back-pain markers. Use the left and right arrow keys to step through the weeks; the selected week's numbers are shown below.`}
      onKeyDown={onKeyDown}
    />
  );
}
