import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** timestamptz: a Date when read, a Date or ISO string when written. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** date: 'YYYY-MM-DD' both ways. */
export type DateOnly = ColumnType<string, string, string>;
/** jsonb: parsed value when read, a JSON string (or value) when written. */
export type Json<T extends object | null> = JSONColumnType<
  T,
  null extends T ? string | null : string,
  null extends T ? string | null : string
>;
/** jsonb holding any JSON value. */
export type JsonValue = ColumnType<unknown, string, string>;
export type { Generated };
