import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';

const COLORS = ['#2456d6', '#b3261e', '#137a3a', '#a35b00'];

/**
 * A time-series line chart (uPlot, loaded as a classic script). `x` are epoch seconds; each
 * series is { label, values, format? (legend), tick? (axis; short) }; `xRange` pins the x axis
 * to [from, to] epoch seconds (the range asked for, not the data's). Resizes with its container.
 */
export function Chart({ title, x, series, xRange, height = 200 }) {
  const box = useRef(null);
  useEffect(() => {
    const uPlot = window.uPlot;
    const el = box.current;
    if (!uPlot || !el) return undefined;
    const options = {
      width: Math.max(280, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, ...(xRange ? { range: () => xRange } : {}) } },
      axes: [{}, { size: 78, values: (_u, ticks) => ticks.map((t) => (series[0]?.tick ? series[0].tick(t) : t)) }],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true, points: { show: true, size: 5 }, value: (_u, v) => (v === null || v === undefined ? '—' : s.format ? s.format(v) : v) }))],
    };
    const plot = new uPlot(options, [x, ...series.map((s) => s.values)], el);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [x, series]);
  return html`<figure class="panel" style="margin:0">
    <figcaption class="chart-title">${title}</figcaption>
    <div class="chart" ref=${box} role="img" aria-label=${`${title} chart`}></div>
  </figure>`;
}
