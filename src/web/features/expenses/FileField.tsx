import { Group, Stack, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { isApiError } from '../../api/client.ts';
import { formatBytes } from './expenses.labels.ts';

/**
 * A labelled native file picker (keyboard and screen readers use it as is), with a hint, the chosen
 * file named, and the field's error. `accept` only filters the browser's picker: the server decides.
 */
export function FileField({
  id,
  label,
  hint,
  accept,
  file,
  onChange,
  error,
  required = true,
}: {
  id: string;
  label: string;
  hint: string;
  accept?: string;
  file: File | null;
  onChange: (file: File | null) => void;
  error: string | null | undefined;
  required?: boolean;
}) {
  return (
    <Stack gap={4}>
      <Text component="label" htmlFor={id} size="sm" fw={500}>
        {label}{' '}
        {required ? (
          <Text span c="red" aria-hidden>
            *
          </Text>
        ) : null}
      </Text>
      <Text size="xs" c="dimmed" id={`${id}-hint`}>
        {hint}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <IconPaperclip size={16} aria-hidden />
        <input
          id={id}
          type="file"
          {...(accept ? { accept } : {})}
          required={required}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null)}
        />
      </Group>
      {file ? (
        <Text size="xs" c="dimmed">
          {file.name} · {formatBytes(file.size)}
        </Text>
      ) : null}
      {error ? (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * The errors of a refused upload, for the form: validation problems by field, the file's own refusals
 * (`fileCodes`: wrong type, too large) on the file field, anything else for an alert.
 */
export function splitUploadError(
  e: unknown,
  fileField: string,
  fileCodes: readonly string[],
): { fields: Record<string, string>; general: unknown } {
  if (!e) return { fields: {}, general: null };
  if (!isApiError(e)) return { fields: {}, general: e };
  if (fileCodes.includes(e.code)) return { fields: { [fileField]: e.detail }, general: null };
  const fields = e.fieldErrors();
  return Object.keys(fields).length ? { fields, general: null } : { fields: {}, general: e };
}
