import os from 'node:os';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  freeMemoryMb: number;
  node: string;
  platform: string;
  release: string;
  loadAverage: number[];
  postgres?: string;
  pgbench?: string;
}

/** What the figures were measured on; the load average tells how busy the machine was. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    freeMemoryMb: Math.round(os.freemem() / 2 ** 20),
    node: process.version,
    platform: os.platform(),
    release: os.release(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
