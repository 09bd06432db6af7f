import { NativeSelect, TextInput } from '@mantine/core';
import { kindOptions } from '../deliverables/deliverables.labels.ts';
import { SkillLevelsField } from '../staffing/RequirementsEditor.tsx';
import { errorUnder } from '../staffing/profile-form.ts';
import type { DraftEditor } from './useDraftEditor.ts';
import { FormCard, RowList, rowsOf } from './WorkOrderFormParts.tsx';
import type { StaffOption } from './workorders.api.ts';
import type { DeliverableKind } from './workorders.types.ts';

/** The deliverables card: one row per deliverable (kind, title, due date). */
export function DeliverablesCard({ editor }: { editor: DraftEditor }) {
  const { form, errors } = editor;
  const deliverables = rowsOf(form.deliverables, (r) => editor.set('deliverables', r));
  return (
    <FormCard title="Deliverables">
      <RowList
        rows={form.deliverables}
        empty="No deliverables yet."
        what="deliverable"
        addLabel="Add deliverable"
        onAdd={() => deliverables.add({ kind: 'final_report', title: '', dueDate: '' })}
        onRemove={deliverables.remove}
      >
        {(d, n) => (
          <>
            <NativeSelect
              aria-label={`Deliverable ${n + 1}: kind`}
              data={kindOptions}
              value={d.kind}
              onChange={(e) => deliverables.change(n, { kind: e.currentTarget.value as DeliverableKind })}
              w={170}
            />
            <TextInput
              aria-label={`Deliverable ${n + 1}: title`}
              value={d.title}
              onChange={(e) => deliverables.change(n, { title: e.currentTarget.value })}
              error={errors[`deliverables.${n}.title`]}
              style={{ flex: 1, minWidth: 160 }}
            />
            <TextInput
              type="date"
              aria-label={`Deliverable ${n + 1}: due date`}
              value={d.dueDate}
              onChange={(e) => deliverables.change(n, { dueDate: e.currentTarget.value })}
              error={errors[`deliverables.${n}.dueDate`]}
              w={160}
            />
          </>
        )}
      </RowList>
    </FormCard>
  );
}

/** The staffing card: one row per role (role, count, named consultant if chosen, skills with minimum levels). */
export function StaffingCard({ editor, staff }: { editor: DraftEditor; staff: StaffOption[] }) {
  const { form, errors } = editor;
  const staffing = rowsOf(form.staffingPlan, (r) => editor.set('staffingPlan', r));
  const staffChoices = [
    { value: '', label: 'Not named yet' },
    ...staff.map((s) => ({ value: s.id, label: `${s.name} (${s.detail})` })),
  ];
  const known = new Set(staff.map((s) => s.id));
  return (
    <FormCard title="Staffing plan" description="Roles and how many people; name a consultant when already chosen.">
      <RowList
        rows={form.staffingPlan}
        empty="No roles planned yet."
        what="role"
        addLabel="Add role"
        onAdd={() => staffing.add({ role: '', count: '1', userId: '', skills: [] })}
        onRemove={staffing.remove}
      >
        {(s, n) => (
          <>
            <TextInput
              aria-label={`Role ${n + 1}`}
              placeholder="forensic lead"
              value={s.role}
              onChange={(e) => staffing.change(n, { role: e.currentTarget.value })}
              error={errors[`staffingPlan.${n}.role`]}
              style={{ flex: 1, minWidth: 180 }}
            />
            <TextInput
              aria-label={`Role ${n + 1}: count`}
              type="number"
              min={1}
              max={50}
              value={s.count}
              onChange={(e) => staffing.change(n, { count: e.currentTarget.value })}
              error={errors[`staffingPlan.${n}.count`]}
              w={90}
            />
            <NativeSelect
              aria-label={`Role ${n + 1}: named consultant`}
              data={
                s.userId && !known.has(s.userId)
                  ? [...staffChoices, { value: s.userId, label: `User ${s.userId}` }]
                  : staffChoices
              }
              value={s.userId}
              onChange={(e) => staffing.change(n, { userId: e.currentTarget.value })}
              error={errors[`staffingPlan.${n}.userId`]}
              w={260}
            />
            <div style={{ flexBasis: '100%' }}>
              <SkillLevelsField
                label={`Role ${n + 1}: skills`}
                value={s.skills}
                onChange={(skills) => staffing.change(n, { skills })}
                error={errorUnder(errors, `staffingPlan.${n}.skills`)}
              />
            </div>
          </>
        )}
      </RowList>
    </FormCard>
  );
}
