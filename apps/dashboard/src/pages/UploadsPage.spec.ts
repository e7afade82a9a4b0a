import { ApiError } from '../api/client';
import { rejectedBy } from './UploadsPage';

describe('a file refused as a whole (400)', () => {
  it('becomes a rejected entry with the reason of each refused file, like the rejections of a 202', () => {
    const error = new ApiError(400, 'x', [
      'No FIT file in the upload.',
      'route.gpx: GPX files are not supported: export the activity as FIT',
    ]);
    expect(rejectedBy(error, 'route.gpx')).toEqual([
      {
        fileName: 'route.gpx',
        status: 'rejected',
        reason: 'GPX files are not supported: export the activity as FIT',
      },
    ]);
  });

  it('keeps a reason without a file name, and leaves other failures to the error line', () => {
    const empty = new ApiError(400, 'No FIT file in the upload: the archives hold no .fit or .fit.gz file.');
    expect(rejectedBy(empty, 'export.zip')).toEqual([
      {
        fileName: 'export.zip',
        status: 'rejected',
        reason: 'No FIT file in the upload: the archives hold no .fit or .fit.gz file.',
      },
    ]);
    expect(rejectedBy(new ApiError(413, 'Payload too large'), 'big.fit')).toBeNull();
    expect(rejectedBy(new Error('offline'), 'a.fit')).toBeNull();
  });
});
