import { render, screen } from '@testing-library/react';
import { UploadList } from './UploadList';

describe('UploadList', () => {
  it('shows progress while sending and each entry outcome with its reason', () => {
    render(
      <UploadList
        items={[
          { key: '1', name: 'morning.fit', size: 20_480, progress: 0.4, phase: 'sending', entries: [] },
          {
            key: '2',
            name: 'export.zip',
            size: 3 * 1024 * 1024,
            progress: 1,
            phase: 'done',
            entries: [
              { fileName: 'export.zip!activities/1.fit', status: 'processed', activityCount: 1 },
              { fileName: 'export.zip!activities/2.fit', status: 'duplicate' },
              { fileName: 'export.zip!activities/3.gpx', status: 'rejected', reason: 'Not a FIT file' },
            ],
          },
          {
            key: '3',
            name: 'big.fit',
            size: 10,
            progress: 1,
            phase: 'error',
            error: 'The body is too large',
            entries: [],
          },
        ]}
      />,
    );
    expect(screen.getByRole('progressbar', { name: 'Uploading morning.fit' })).toHaveAttribute(
      'aria-valuetext',
      '40 %',
    );
    expect(screen.getByText('export.zip!activities/1.fit').parentElement).toHaveTextContent(
      '✓ Processed export.zip!activities/1.fit · 1 activity',
    );
    expect(screen.getByText('export.zip!activities/2.fit').parentElement).toHaveTextContent('Duplicate');
    expect(screen.getByText('export.zip!activities/3.gpx').parentElement).toHaveTextContent(
      'Rejected export.zip!activities/3.gpx — Not a FIT file',
    );
    expect(screen.getByText(/Not uploaded/)).toHaveTextContent('Not uploaded: The body is too large');
    expect(screen.getByText('3.0 MB')).toBeInTheDocument();
  });
});
