import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { filesRepo } from '../src/core/files/files.repo.ts';
import { inspectFile } from '../src/core/files/files.service.ts';
import { makeUser } from './support/factories.ts';
import { jpegBytes, pdfBytes, pngBytes, zipBytes } from './support/expense-factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

describe('detecting a file type from its content', () => {
  it('recognises PDF, PNG, JPEG and ZIP by signature, UTF-8 text as text/plain, anything else as octet-stream', async () => {
    expect(await inspectFile(await pdfBytes())).toMatchObject({ contentType: 'application/pdf', recognised: true });
    expect(await inspectFile(pngBytes())).toMatchObject({ contentType: 'image/png', recognised: true });
    expect(await inspectFile(jpegBytes())).toMatchObject({ contentType: 'image/jpeg', recognised: true });
    expect(await inspectFile(zipBytes())).toMatchObject({ contentType: 'application/zip', recognised: true });
    expect(await inspectFile(Buffer.from('%PDF? no: just text mentioning %PDF-1.7\n'))).toMatchObject({
      contentType: 'text/plain; charset=utf-8',
      recognised: false,
    });
    expect(await inspectFile(Buffer.from('%PDF-1.7\nno objects, no end marker\n'))).toMatchObject({
      contentType: 'text/plain; charset=utf-8',
      recognised: false,
    });
    expect(await inspectFile(Buffer.from([0, 159, 146, 150, 1, 2]))).toMatchObject({
      contentType: 'application/octet-stream',
      recognised: false,
    });
    const i = await inspectFile(Buffer.from('abc'));
    expect(i).toMatchObject({ size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
  });
});

describe('stored files', () => {
  it("stores bytes on the caller's transaction and reads them back exactly, from any server sharing the database", async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const content = await pdfBytes();
    const files = t.core.services.files;
    const meta = await t.db.transaction(async (trx) =>
      files.storeInTx(trx, u.ctx, {
        content,
        name: '../../receipts/hotel.pdf',
        inspection: await inspectFile(content),
      }),
    );
    expect(meta).toMatchObject({
      name: 'hotel.pdf',
      contentType: 'application/pdf',
      size: content.length,
      createdBy: u.id,
    });
    expect(meta.id).toMatch(/^fil_/);
    const back = await files.read(t.db.kysely, meta.id);
    expect(back!.content.equals(content)).toBe(true);
    expect(await files.meta(t.db.kysely, meta.id)).toEqual(meta);
    expect(await files.read(t.db.kysely, 'fil_missing')).toBeUndefined();
  });

  it('rolls back with the use case: a failed transaction leaves no file', async () => {
    const before = await filesRepo.count(t.db.kysely);
    const content = pngBytes();
    const inspection = await inspectFile(content);
    await expect(
      t.db.transaction(async (trx) => {
        await t.core.services.files.storeInTx(trx, systemCtx('test'), { content, name: 'x.png', inspection });
        throw new Error('the use case failed after storing');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await filesRepo.count(t.db.kysely)).toBe(before);
  });

  it('never changes a stored file: the database refuses UPDATE and DELETE', async () => {
    const content = jpegBytes();
    const meta = await t.db.transaction(async (trx) =>
      t.core.services.files.storeInTx(trx, systemCtx('test'), {
        content,
        name: 'x.jpg',
        inspection: await inspectFile(content),
      }),
    );
    await expect(
      t.db.kysely.updateTable('stored_files').set({ content_type: 'text/html' }).where('id', '=', meta.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.kysely.deleteFrom('stored_files').where('id', '=', meta.id).execute()).rejects.toThrow(
      /append-only/,
    );
    expect((await t.core.services.files.meta(t.db.kysely, meta.id))!.contentType).toBe('image/jpeg');
  });

  it('refuses a row whose recorded size or hash is not its content', async () => {
    const base = {
      content: Buffer.from('abc'),
      content_type: 'text/plain',
      original_name: 'a.txt',
      created_by: null,
      created_at: t.clock.now(),
    };
    await expect(
      t.db.kysely
        .insertInto('stored_files')
        .values({ ...base, id: t.core.ids.next('fil'), sha256: 'a'.repeat(64), size_bytes: 4 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db.kysely
        .insertInto('stored_files')
        .values({ ...base, id: t.core.ids.next('fil'), sha256: 'not-a-hash', size_bytes: 3 })
        .execute(),
    ).rejects.toThrow();
  });
});
