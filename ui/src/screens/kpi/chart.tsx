// Apache ECharts with only the parts the KPI view draws (bars, lines, a grid, tooltips, a legend,
// the canvas renderer), imported by this lazy screen alone. Each chart carries its own text
// alternative: a label, and the data as a table beside it.
import { useEffect, useRef } from "preact/hooks";
import type { ComponentChildren } from "preact";
import * as echarts from "echarts/core";
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export function Chart({ option, label, height = 320 }: { option: ChartOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(box.current!, undefined, { renderer: "canvas" });
    chart.current = c;
    const resized = new ResizeObserver(() => c.resize());
    resized.observe(box.current!);
    return () => {
      resized.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} class="chart" role="img" aria-label={label} style={{ height: `${height}px` }} />;
}

// A chart with its title, and its data as a table for those who do not see the chart.
export function ChartFigure({
  id,
  title,
  table,
  tableLabel,
  children,
}: {
  id: string;
  title: string;
  table: ComponentChildren;
  tableLabel: string;
  children: ComponentChildren;
}) {
  return (
    <figure class="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {children}
      <details>
        <summary>{tableLabel}</summary>
        {table}
      </details>
    </figure>
  );
}

// The view's palette: readable on white, and the same as the figures' tiles.
export const colours = {
  total: "#15314f",
  subtotal: "#0b5cad",
  loss: "#b3261e",
  oee: "#15314f",
  availability: "#1d7a36",
  performance: "#8a5a00",
  quality: "#5b3fa8",
  line: "#b3261e",
};
