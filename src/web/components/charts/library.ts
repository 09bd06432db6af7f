// The chart library (Mantine charts on recharts, ~120 KB compressed) in its own chunk: see ../Charts.tsx.
import '@mantine/charts/styles.css';
export { AreaChart, BarChart, LineChart } from '@mantine/charts';
