import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SymptomLogInput } from '@loadwatch/shared/contracts';
import { SymptomForm } from './SymptomForm';

function setup() {
  const saved: SymptomLogInput[] = [];
  const onSubmit = async (log: SymptomLogInput) => {
    saved.push(log);
  };
  render(<SymptomForm today="2026-10-21" onSubmit={onSubmit} />);
  return { saved, user: userEvent.setup() };
}

describe('SymptomForm', () => {
  it('says "seek emergency care now" the moment a cauda equina red flag is ticked, before saving', async () => {
    const { saved, user } = setup();
    const alert = screen.getAllByRole('alert')[0];
    expect(alert).toBeEmptyDOMElement();

    await user.click(screen.getByLabelText(/Numbness in the groin/));

    expect(alert).toHaveTextContent('Seek emergency care now.');
    expect(saved).toHaveLength(0);
    // The advice comes first in the form, before every question.
    const form = alert.closest('form') as HTMLFormElement;
    expect(form.firstElementChild).toBe(alert);
  });

  it('treats numbness of one leg as prompt, and as an emergency once it is getting worse (R13)', async () => {
    const { user } = setup();
    const alert = screen.getAllByRole('alert')[0];
    await user.click(screen.getByLabelText('Numbness in one leg'));
    expect(alert).toHaveTextContent('Get this checked by a clinician promptly');
    expect(alert).not.toHaveTextContent('emergency');

    await user.click(screen.getByLabelText('The numbness or weakness is getting worse'));
    expect(alert).toHaveTextContent('Seek emergency care now.');
  });

  it('asks for an assessment within a day for the systemic questions (R14) and clears when unticked', async () => {
    const { user } = setup();
    const alert = screen.getAllByRole('alert')[0];
    const fever = screen.getByLabelText('Fever or feeling generally unwell');
    await user.click(fever);
    expect(alert).toHaveTextContent('Seek a medical assessment today or tomorrow');
    await user.click(fever);
    expect(alert).toBeEmptyDOMElement();
  });

  it('submits the log in the snake_case vocabulary of spec/rules.md', async () => {
    const { saved, user } = setup();
    await user.click(screen.getByLabelText('Sacrum or buttock'));
    await user.click(within(screen.getByRole('group', { name: 'Which side?' })).getByLabelText('Left'));
    await user.selectOptions(screen.getByLabelText('When does it hurt?'), 'after_run');
    await user.click(screen.getByLabelText('Wakes me at night'));
    await user.click(
      within(screen.getByRole('group', { name: 'Can you walk normally?' })).getByLabelText('No'),
    );
    await user.type(screen.getByLabelText('Notes (optional)'), ' sore after hills ');
    await user.click(screen.getByRole('button', { name: 'Save log' }));

    expect(saved).toEqual([
      {
        date: '2026-10-21',
        region: 'sacrum_buttock',
        side: 'left',
        severity: 3,
        when: 'after_run',
        aggravators: ['night_pain'],
        neurological: [],
        systemic: [],
        can_walk_normally: false,
        notes: 'sore after hills',
      },
    ]);
    expect(await screen.findByText('Saved your log of 2026-10-21.')).toHaveAttribute('role', 'status');
  });

  it("shows the server's refusal", async () => {
    const user = userEvent.setup();
    render(
      <SymptomForm
        today="2026-10-21"
        onSubmit={async () => {
          throw new Error('A log for that date and region exists already');
        }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Save log' }));
    expect(await screen.findByText('A log for that date and region exists already')).toBeInTheDocument();
  });
});
