/**
 * SVG charts of the benchmark results, drawn with Vega-Lite (compiled to Vega and rendered to SVG
 * headless, no browser or canvas): a maintained grammar of graphics whose SVG is plain text that
 * diffs and renders on GitHub, rather than a home-made plotter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One point of a line: x, y, and which system (series) it belongs to. */
export interface ChartPoint {
  x: number;
  y: number;
  series: string;
}

export interface LineChart {
  /** File name without extension. */
  name: string;
  title: string;
  xTitle: string;
  yTitle: string;
  points: ChartPoint[];
  /** A horizontal reference line (e.g. the per-packet floor), labelled. */
  reference?: { y: number; label: string };
  /** Logarithmic x axis (subscriber counts from 1 to thousands). */
  logX?: boolean;
}

/** A scenario's steps as the two charts every media scenario draws: CPU per forwarded packet and loss. */
export interface ChartedRuns<Step> {
  /** File names are `<name>-cpu-per-packet` and `<name>-loss`. */
  name: string;
  /** The scenario, as the charts' titles begin. */
  title: string;
  workers: number;
  floorUs: number;
  xTitle: string;
  logX?: boolean;
  runs: readonly { target: string; steps: readonly Step[] }[];
  size: (step: Step) => number;
}

/** CPU per forwarded packet and loss against the size, one line per target, with the floor and 1 % drawn in. */
export function cpuAndLossCharts<Step extends { cpuUsPerPacket: number; lossPercent: number }>(charted: ChartedRuns<Step>): LineChart[] {
  const points = (figure: (step: Step) => number): ChartPoint[] =>
    charted.runs.flatMap((run) => run.steps.filter((s) => Number.isFinite(figure(s))).map((s) => ({ x: charted.size(s), y: figure(s), series: run.target })));
  const axes = { xTitle: charted.xTitle, ...(charted.logX ? { logX: true } : {}) };
  return [
    {
      name: `${charted.name}-cpu-per-packet`,
      title: `${charted.title}: CPU per forwarded packet (${charted.workers} media workers)`,
      ...axes,
      yTitle: 'CPU µs per forwarded RTP packet',
      points: points((s) => s.cpuUsPerPacket),
      reference: { y: charted.floorUs, label: `floor (SRTP protect + UDP send) ${charted.floorUs.toFixed(1)} µs` },
    },
    {
      name: `${charted.name}-loss`,
      title: `${charted.title}: packet loss at the subscribers`,
      ...axes,
      yTitle: 'loss % (sequence gaps)',
      points: points((s) => s.lossPercent),
      reference: { y: 1, label: '1 % (saturation point)' },
    },
  ];
}

function spec(chart: LineChart): TopLevelSpec {
  const line = {
    data: { values: chart.points },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: chart.xTitle, scale: chart.logX ? { type: 'log' as const } : {} },
      y: { field: 'y', type: 'quantitative' as const, title: chart.yTitle },
      color: { field: 'series', type: 'nominal' as const, title: null },
    },
  };
  const reference = chart.reference
    ? [
        {
          data: { values: [chart.reference] },
          mark: { type: 'rule' as const, strokeDash: [4, 4], color: 'gray' },
          encoding: { y: { field: 'y', type: 'quantitative' as const } },
        },
        {
          data: { values: [chart.reference] },
          mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -6, color: 'gray' },
          encoding: { y: { field: 'y', type: 'quantitative' as const }, x: { value: 0 }, text: { field: 'label' } },
        },
      ]
    : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.title,
    width: 520,
    height: 300,
    background: 'white',
    layer: [line, ...reference],
  };
}

/** The chart as an SVG document. */
export async function renderSvg(chart: LineChart): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders every chart into `dir` as `<name>.svg`; returns the paths written. */
export async function writeCharts(dir: string, charts: readonly LineChart[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const chart of charts) {
    const path = join(dir, `${chart.name}.svg`);
    writeFileSync(path, `${await renderSvg(chart)}\n`);
    paths.push(path);
  }
  return paths;
}
