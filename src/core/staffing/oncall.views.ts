import type { OncallRota, OncallShift } from '../../shared/contracts/oncall.ts';
import type { ShiftRow } from './oncall.repo.ts';

export const toShiftView = (s: ShiftRow): OncallShift => ({
  id: s.id,
  rotaId: s.rota_id,
  rotaName: s.rota_name,
  userId: s.user_id,
  name: s.user_name,
  start: s.starts_at.toISOString(),
  end: s.ends_at.toISOString(),
  note: s.note,
});

export const toRotaView = (r: {
  id: string;
  name: string;
  description: string;
  active: boolean;
  revision: number;
}): OncallRota => ({ id: r.id, name: r.name, description: r.description, active: r.active, revision: r.revision });
