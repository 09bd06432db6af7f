import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { activities } from '../../../shared/domain.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { activityLabels } from '../engagements/engagements.labels.ts';
import { formOfChange } from './change-order-form.ts';
import { rowKey } from './draft.ts';
import type { ChangeOrderEditor } from './useChangeOrderEditor.ts';
import type { Activity } from './workorders.types.ts';

const activityOptions = activities.map((a) => ({ value: a, label: activityLabels[a] }));

/** The lines of effort added (or removed) by a change order, each with its remove button. */
function ChangeLines({ editor }: { editor: ChangeOrderEditor }) {
  const { form, setForm, setLine, errors } = editor;
  return (
    <>
      {form.lines.map((l, n) => (
        <Group key={l.key} gap="xs" align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={`Change line ${n + 1}: activity`}
            data={activityOptions}
            value={l.activity}
            onChange={(e) => setLine(n, { activity: e.currentTarget.value as Activity })}
            w={150}
            style={{ flexShrink: 0 }}
          />
          <TextInput
            aria-label={`Change line ${n + 1}: role`}
            placeholder="forensic lead"
            value={l.role}
            onChange={(e) => setLine(n, { role: e.currentTarget.value })}
            error={errors[`estimateDeltaLines.${n}.role`]}
            style={{ flex: 1, minWidth: 120 }}
          />
          <TextInput
            aria-label={`Change line ${n + 1}: effort`}
            placeholder="+12h"
            value={l.effort}
            onChange={(e) => setLine(n, { effort: e.currentTarget.value })}
            error={errors[`estimateDeltaLines.${n}.minutes`]}
            w={100}
            style={{ flexShrink: 0 }}
            autoComplete="off"
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={6}
            aria-label={`Remove change line ${n + 1}`}
            onClick={() => setForm({ ...form, lines: form.lines.filter((_, i) => i !== n) })}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
    </>
  );
}

/** The editable change order: reason, scope note, effort lines, approval deadline, save. */
export function ChangeOrderFields({ editor }: { editor: ChangeOrderEditor }) {
  const { form, setForm, errors, save, saveError, server, current, revising, setRevising, dirty, create, update } =
    editor;
  return (
    <form onSubmit={save} noValidate aria-label="Change order">
      <Stack gap="sm">
        {saveError && Object.keys(server).length === 0 ? <ErrorAlert error={saveError} title="Not saved" /> : null}
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          error={errors['reason']}
          data-autofocus
        />
        <Textarea
          label="Scope note"
          description="What changes in the work, if anything."
          autosize
          minRows={2}
          value={form.scope}
          onChange={(e) => setForm({ ...form, scope: e.currentTarget.value })}
          error={errors['scope']}
        />
        <Text size="sm" fw={500}>
          Effort added
        </Text>
        <Text size="xs" c="dimmed" mt={-8}>
          Typed as +12h or -4h (negative lines reduce the estimate; it never drops below what was consumed).
        </Text>
        <ChangeLines editor={editor} />
        {errors['estimateDeltaLines'] ? (
          <Text size="sm" c="red.8">
            {errors['estimateDeltaLines']}
          </Text>
        ) : null}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              setForm({
                ...form,
                lines: [...form.lines, { key: rowKey(), activity: 'analysis', role: '', effort: '' }],
              })
            }
          >
            Add line
          </Button>
        </Group>
        <TextInput
          type="datetime-local"
          label="Approval deadline"
          description={
            form.deadline
              ? 'In your time zone.'
              : `Empty: ${current?.approvalDeadlineDefault ?? "the firm's default after sending"}.`
          }
          value={form.deadline}
          onChange={(e) => setForm({ ...form, deadline: e.currentTarget.value })}
          error={errors['approvalDeadline']}
          w={260}
        />
        <Group align="flex-start">
          <TextInput
            type="date"
            label="New first planned day"
            value={form.plannedStart}
            onChange={(e) => setForm({ ...form, plannedStart: e.currentTarget.value })}
            error={errors['plannedStart']}
            w={200}
          />
          <TextInput
            type="date"
            label="New last planned day"
            value={form.plannedEnd}
            onChange={(e) => setForm({ ...form, plannedEnd: e.currentTarget.value })}
            error={errors['plannedEnd']}
            w={200}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={-8}>
          Optional, days in the customer’s time zone: the approval moves the engagement’s schedule. Empty: that end
          stays as it is.
        </Text>
        <Group justify="flex-end" mt="xs">
          {revising ? (
            <Button
              variant="default"
              onClick={() => {
                setRevising(false);
                setForm(formOfChange(current));
              }}
            >
              Cancel revision
            </Button>
          ) : null}
          <Button
            type="submit"
            variant={current?.status === 'draft' && !dirty ? 'default' : 'filled'}
            loading={create.isPending || update.isPending}
            disabled={!dirty}
          >
            {current === null
              ? 'Save draft'
              : revising
                ? `Save as a new change order`
                : dirty
                  ? 'Save changes'
                  : 'Saved'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
