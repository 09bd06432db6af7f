import type { AreaChartProps, BarChartProps, LineChartProps } from '@mantine/charts';
import { Skeleton } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';

/**
 * Mantine's charts, loaded when a chart is first drawn: the chart library is the heaviest part of the web
 * app, and the pages that show a chart (portal home, contract, engagement, statement) show their figures
 * first. Import charts from here, never from '@mantine/charts', so the library stays out of the initial
 * JavaScript (`imr build` reports it; test/e2e/bundle-size.e2e.test.ts holds the budget).
 */
const library = () => import('./charts/library.ts');

function deferred<P extends { h?: unknown }>(name: 'AreaChart' | 'BarChart' | 'LineChart') {
  const Chart = lazy(() => library().then((m) => ({ default: m[name] as unknown as ComponentType<P> })));
  function DeferredChart(props: P) {
    const height = typeof props.h === 'number' ? props.h : 240;
    return (
      <Suspense fallback={<Skeleton height={height} aria-hidden />}>
        <Chart {...props} />
      </Suspense>
    );
  }
  DeferredChart.displayName = name;
  return DeferredChart;
}

export const AreaChart = deferred<AreaChartProps>('AreaChart');
export const BarChart = deferred<BarChartProps>('BarChart');
export const LineChart = deferred<LineChartProps>('LineChart');
