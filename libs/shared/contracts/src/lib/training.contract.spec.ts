import { FINAL_UPLOAD_STATUSES, isFinalUploadStatus, type UploadStatus } from './training.contract';

describe('isFinalUploadStatus', () => {
  it.each<[UploadStatus, boolean]>([
    ['received', false],
    ['processing', false],
    ['processed', true],
    ['duplicate', true],
    ['rejected', true],
    ['failed', true],
  ])('%s -> %s', (status, final) => {
    expect(isFinalUploadStatus(status)).toBe(final);
  });

  it('lists each final status once', () => {
    expect(new Set(FINAL_UPLOAD_STATUSES).size).toBe(FINAL_UPLOAD_STATUSES.length);
  });
});
